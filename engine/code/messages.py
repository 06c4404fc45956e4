"""The bilingual sentences of a code check: why code could not run, and the summary.

Like the problem generators' feedback, they are built here as ``{"en", "zh"}``
texts, so the engine can say them without the app's catalog.
"""

from __future__ import annotations

from typing import Any

from engine.code.runner import RunResult
from engine.problem import Text, Tolerance


def _both(en: str, zh: str) -> Text:
    return {"en": en, "zh": zh}


def _at_line(line: Any) -> tuple[str, str]:
    if not line:
        return "", ""
    return f" (line {line})", f"（第 {line} 行）"


def run_failure(outcome: RunResult, function: str) -> Text:
    """Why the code could not be run at all, or not to the end."""
    detail = outcome.detail
    status = outcome.status
    if status == "syntax_error":
        en_line, zh_line = _at_line(detail.get("line"))
        message = detail.get("message", "")
        return _both(
            f"Your file has a syntax error{en_line}: {message}. Nothing was run.",
            f"文件有语法错误{zh_line}：{message}。代码没有运行。",
        )
    if status == "load_error":
        en_line, zh_line = _at_line(detail.get("line"))
        kind, message = detail.get("type", ""), detail.get("message", "")
        return _both(
            f"Your file raised {kind} when it was loaded{en_line}: {message}. Code at the "
            f"top level of the file runs once, before {function} is called.",
            f"加载文件时抛出了 {kind}{zh_line}：{message}。文件顶层的代码会在调用 "
            f"{function} 之前运行一次。",
        )
    if status == "missing_function":
        defined = ", ".join(detail.get("defined", [])) or "-"
        return _both(
            f"Your file does not define a function named {function} (it defines: {defined}).",
            f"文件中没有名为 {function} 的函数（已定义：{defined}）。",
        )
    if status == "timeout":
        seconds = detail.get("seconds", "")
        return _both(
            f"Your code was stopped after {seconds} s: it took too long (an endless loop?).",
            f"代码运行超过 {seconds} 秒，已被终止：耗时过长（是否有死循环？）。",
        )
    if status == "memory_limit":
        return _both(
            "Your code was stopped: it asked for more memory than it may use "
            "(an array far larger than the input?).",
            "代码已被终止：申请的内存超过上限（是否创建了远大于输入的数组？）。",
        )
    if status == "output_limit":
        return _both(
            f"Your code was stopped: it printed too much ({outcome.output_chars:,} characters). "
            "Remove the prints from the loop.",
            f"代码已被终止：输出过多（{outcome.output_chars:,} 个字符）。请去掉循环中的 print。",
        )
    signal_name = detail.get("signal")
    how = f"signal {signal_name}" if signal_name else f"exit code {detail.get('code')}"
    how_zh = f"信号 {signal_name}" if signal_name else f"退出码 {detail.get('code')}"
    return _both(
        f"The process running your code ended unexpectedly ({how}); no result came back.",
        f"运行代码的进程意外结束（{how_zh}），没有返回结果。",
    )


def exception(error: dict[str, Any]) -> Text:
    """What one call's exception was, for its test."""
    en_line, zh_line = _at_line(error.get("line"))
    kind, message = error.get("type", ""), error.get("message", "")
    if kind == "NotImplementedError":
        return _both(
            "not implemented yet: replace `raise NotImplementedError` with your code",
            "尚未实现：请用你的代码替换 `raise NotImplementedError`",
        )
    return _both(f"raised {kind}{en_line}: {message}", f"抛出了 {kind}{zh_line}：{message}")


def raised(error: dict[str, Any], index: int, count: int, function: str) -> Text:
    """The summary when some call raised."""
    text = exception(error)
    return _both(
        f"{function} raised an exception on {count} test(s); the first, test {index + 1}: "
        f"{text['en']}.",
        f"{function} 在 {count} 个测试中抛出异常；第一个是测试 {index + 1}：{text['zh']}。",
    )


def some_failed(failures: int, total: int) -> Text:
    """The summary when some results were wrong."""
    return _both(
        f"{failures} of {total} tests fail.",
        f"{total} 个测试中有 {failures} 个未通过。",
    )


def all_passed(total: int) -> Text:
    """The summary when every result was right."""
    return _both(f"All {total} tests pass.", f"全部 {total} 个测试通过。")


def tolerance(rule: Tolerance) -> Text:
    """The comparison rule in words."""
    return _both(
        f"a result passes when every entry is within max({rule.abs:g}, {rule.rel:g}·|expected|) "
        "of the expected value",
        f"每个元素与期望值之差不超过 max({rule.abs:g}, {rule.rel:g}·|期望值|) 即通过",
    )
