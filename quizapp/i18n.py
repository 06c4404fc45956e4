"""The one catalog of user-facing strings, in English and Chinese.

Every string a learner can see — CLI messages, binding descriptions, buttons,
errors — is looked up here with :func:`t`. A test fails if any key lacks either
language. Keys are dotted: ``area.name``. Placeholders use ``str.format`` names.

A word that follows a count names both forms after the count's name and a colon:
``"{decks} {decks:deck|decks}"`` gives "1 deck" and "2 decks" (Chinese needs none).
"""

from __future__ import annotations

import string
from typing import Any, Literal

Lang = Literal["en", "zh", "both"]
LANGS: tuple[Lang, ...] = ("en", "zh", "both")

CATALOG: dict[str, dict[str, str]] = {
    # --- app / cli ---------------------------------------------------------
    "app.title": {"en": "quizapp", "zh": "quizapp"},
    "app.description": {
        "en": "Bilingual flashcards and generated problems for machine-learning interviews.",
        "zh": "面向机器学习面试的双语闪卡与自动出题练习。",
    },
    "cli.error": {"en": "Error: {message}", "zh": "错误：{message}"},
    "cli.study.help": {
        "en": "start studying at once: all (every deck, topics taking turns) or a deck id",
        "zh": "启动后立即开始学习：all（全部卡组，各主题轮流）或某个卡组的 id",
    },
    "cli.data_dir.help": {
        "en": "where the database, settings and your decks live (default: the platform's "
        "user data folder, or $QUIZAPP_DATA_DIR)",
        "zh": "数据库、设置和你的卡组存放的文件夹"
        "（默认：系统的用户数据目录，或 $QUIZAPP_DATA_DIR）",
    },
    "cli.deck.help": {
        "en": "an extra deck file or folder (repeatable)",
        "zh": "额外加载的卡组文件或文件夹（可重复）",
    },
    "cli.lang.help": {
        "en": "interface language: en, zh or both (remembered)",
        "zh": "界面语言：en、zh 或 both（会被记住）",
    },
    "cli.interrupted": {"en": "Interrupted.", "zh": "已中断。"},
    "cli.unexpected": {
        "en": "quizapp hit an unexpected problem ({kind}): {message}. Nothing was lost; "
        "please report it.",
        "zh": "quizapp 遇到意外问题（{kind}）：{message}。数据没有丢失，请反馈此问题。",
    },
    # --- export / import / serve ----------------------------------------------
    "exchange.format_help": {"en": "the other tool's format: anki", "zh": "对方工具的格式：anki"},
    "exchange.export.help": {
        "en": "write decks as an Anki package (.apkg); exporting again updates the notes",
        "zh": "把卡组导出为 Anki 卡包（.apkg）；再次导出会更新已有笔记而不是重复添加",
    },
    "exchange.export.deck_help": {
        "en": "export only the deck with this id (repeatable; default: every deck). Add a "
        "deck file with --deck before the subcommand: quizapp --deck my.yaml export anki",
        "zh": "只导出这个 id 的卡组（可重复；默认导出全部卡组）。要加入卡组文件，请把 --deck "
        "放在子命令之前：quizapp --deck my.yaml export anki",
    },
    "exchange.export.seeds_help": {
        "en": "frozen instances of each generated or template card (default 5)",
        "zh": "每张自动出题卡或模板卡导出的固定实例数（默认 5）",
    },
    "exchange.export.show_help": {
        "en": "languages the Anki cards show: both, en or zh (default both)",
        "zh": "Anki 卡片显示的语言：both、en 或 zh（默认 both）",
    },
    "exchange.export.output_help": {"en": "the .apkg file to write", "zh": "要写入的 .apkg 文件"},
    "exchange.export.bad_seeds": {
        "en": "--seeds must be between 1 and 100, not {seeds}",
        "zh": "--seeds 必须在 1 到 100 之间，而不是 {seeds}",
    },
    "exchange.export.bad_suffix": {
        "en": "{path}: an Anki package file ends in .apkg",
        "zh": "{path}：Anki 卡包文件的扩展名应为 .apkg",
    },
    "exchange.export.unknown_deck": {
        "en": "no deck with id {ids}; the decks are: {known}",
        "zh": "没有 id 为 {ids} 的卡组；现有卡组：{known}",
    },
    "exchange.export.unwritable": {
        "en": "cannot write {path}: {reason}",
        "zh": "无法写入 {path}：{reason}",
    },
    "exchange.export.done": {
        "en": "Notes written to {path}: {notes} ({decks}). Import the file in Anki "
        "(File → Import); a later export updates these notes.",
        "zh": "已把 {notes} 条笔记（{decks}）写入 {path}。在 Anki 中导入"
        "（文件 → 导入）即可；以后再导出会更新这些笔记。",
    },
    "exchange.import.help": {
        "en": "turn an Anki text export (.txt) or package (.apkg, .colpkg) into a deck "
        "in your deck folder",
        "zh": "把 Anki 的文本导出（.txt）或卡包（.apkg、.colpkg）转换成卡组，放进你的卡组文件夹",
    },
    "exchange.import.file_help": {
        "en": "the Anki export: Notes in Plain Text (.txt), .apkg or .colpkg",
        "zh": "Anki 导出文件：纯文本笔记（.txt）、.apkg 或 .colpkg",
    },
    "exchange.import.id_help": {
        "en": "the new deck's id (default: anki- and the file name)",
        "zh": "新卡组的 id（默认：anki- 加文件名）",
    },
    "exchange.import.force_help": {
        "en": "replace a deck file of the same name",
        "zh": "覆盖同名的卡组文件",
    },
    "exchange.import.empty": {
        "en": "the file holds no Anki notes",
        "zh": "文件中没有 Anki 笔记",
    },
    "exchange.import.missing": {"en": "{path} does not exist", "zh": "{path} 不存在"},
    "exchange.import.unreadable": {
        "en": "cannot read {path}: {reason}",
        "zh": "无法读取 {path}：{reason}",
    },
    "exchange.import.needs_anki": {
        "en": "reading .apkg and .colpkg files needs the anki extra: pip install 'quizapp-ml[anki]' "
        "(or export the notes from Anki as Notes in Plain Text)",
        "zh": "读取 .apkg 和 .colpkg 文件需要 anki 扩展：pip install 'quizapp-ml[anki]'"
        "（或在 Anki 中把笔记导出为纯文本）",
    },
    "exchange.import.bad_package": {
        "en": "this is not an Anki package Anki can read: {reason}",
        "zh": "这不是 Anki 能读取的卡包：{reason}",
    },
    "exchange.import.exists": {
        "en": "{path} already exists; choose another --id or add --force to replace it",
        "zh": "{path} 已存在；请换一个 --id，或加 --force 覆盖它",
    },
    "exchange.import.unwritable": {
        "en": "cannot write {path}: {reason}",
        "zh": "无法写入 {path}：{reason}",
    },
    "exchange.import.done": {
        "en": "Cards written to {path}: {cards}. Notes left out for lack of a question or an "
        "answer: {skipped}.",
        "zh": "已把 {cards} 张卡片写入 {path}；因缺少问题或答案而跳过的笔记：{skipped} 条。",
    },
    "serve.help": {
        "en": "run the app in a web browser (needs the web extra)",
        "zh": "在网页浏览器中运行本应用（需要 web 扩展）",
    },
    "serve.host_help": {
        "en": "address to listen on (default 127.0.0.1: this machine only)",
        "zh": "监听的地址（默认 127.0.0.1：仅本机可访问）",
    },
    "serve.port_help": {"en": "port to listen on (default 8000)", "zh": "监听的端口（默认 8000）"},
    "serve.bad_port": {
        "en": "--port must be between 1 and 65535, not {port}",
        "zh": "--port 必须在 1 到 65535 之间，而不是 {port}",
    },
    "serve.needs_web": {
        "en": "the browser mode needs the web extra: pip install 'quizapp-ml[web]'",
        "zh": "浏览器模式需要 web 扩展：pip install 'quizapp-ml[web]'",
    },
    "serve.exposed": {
        "en": "Warning: listening on {host}, reachable from other machines. There is no "
        "login: anyone who can reach this port can study as you and change your progress.",
        "zh": "警告：正在监听 {host}，其他机器也能访问。这里没有登录：任何能连上此端口的人"
        "都能以你的身份学习并改动你的进度。",
    },
    "serve.listening": {
        "en": "quizapp is at {url} (ctrl+c stops it)",
        "zh": "quizapp 已在 {url} 运行（按 ctrl+c 停止）",
    },
    # --- optimize ------------------------------------------------------------
    "optimize.help": {
        "en": "fit FSRS's parameters to your own reviews and say how much better they predict "
        "them; --apply uses them, --undo goes back",
        "zh": "用你自己的复习记录拟合 FSRS 参数，并说明它们预测得好多少；--apply 启用，--undo 撤销",
    },
    "optimize.json_help": {"en": "print the figures as JSON", "zh": "以 JSON 输出各项数值"},
    "optimize.apply_help": {
        "en": "use the fitted parameters if they predict your reviews better",
        "zh": "如果拟合出的参数预测得更准，就启用它们",
    },
    "optimize.undo_help": {
        "en": "go back to the parameters used before the last --apply",
        "zh": "恢复到上一次 --apply 之前使用的参数",
    },
    "optimize.reviews": {
        "en": "Scheduled reviews: {reviews} (drill reviews left out), {items} predictions to fit.",
        "zh": "计入排程的复习：{reviews} 次（不含强化练习），可用于拟合的预测：{items} 个。",
    },
    "optimize.too_few": {
        "en": "Not enough reviews yet: {needed} more are needed (at least {minimum}). Until then "
        "FSRS's default parameters are used.",
        "zh": "复习次数还不够：还需要 {needed} 次（至少 {minimum} 次）。在此之前使用 FSRS 的默认参数。",
    },
    "optimize.default": {
        "en": "Default parameters: log loss {log_loss}, RMSE {rmse}",
        "zh": "默认参数：对数损失 {log_loss}，RMSE {rmse}",
    },
    "optimize.current": {
        "en": "In use now (fitted {date}): log loss {log_loss}, RMSE {rmse}",
        "zh": "当前使用（{date} 拟合）：对数损失 {log_loss}，RMSE {rmse}",
    },
    "optimize.fitted": {
        "en": "Fitted to your reviews: log loss {log_loss}, RMSE {rmse} (lower is better)",
        "zh": "按你的复习拟合：对数损失 {log_loss}，RMSE {rmse}（越低越好）",
    },
    "optimize.can_apply": {
        "en": "They predict your reviews better. quizapp optimize --apply uses them.",
        "zh": "它们预测得更准。运行 quizapp optimize --apply 即可启用。",
    },
    "optimize.can_apply_button": {
        "en": "They predict your reviews better: “Use the fitted parameters” applies them.",
        "zh": "它们预测得更准：点“启用拟合出的参数”即可启用。",
    },
    "optimize.applied": {
        "en": "Applied: the next reviews are scheduled with them. quizapp optimize --undo goes back.",
        "zh": "已启用：之后的复习按新参数排程。运行 quizapp optimize --undo 可以撤销。",
    },
    "optimize.not_better": {
        "en": "Not applied: they do not predict your reviews better than the parameters in use.",
        "zh": "未启用：它们并不比当前参数预测得更准。",
    },
    "optimize.undone_to": {
        "en": "Back to the parameters fitted on {date}.",
        "zh": "已恢复为 {date} 拟合的参数。",
    },
    "optimize.undone_defaults": {
        "en": "Back to FSRS's default parameters.",
        "zh": "已恢复为 FSRS 的默认参数。",
    },
    # --- decks -------------------------------------------------------------
    "decks.card_prefix": {"en": "card '{id}': ", "zh": "卡片 '{id}'："},
    "decks.did_you_mean": {"en": " (did you mean '{name}'?)", "zh": "（是不是想写 '{name}'？）"},
    "decks.file.too_large": {
        "en": "the file is {size_mb} MB; a deck may be at most {max_mb} MB, so it was not read",
        "zh": "文件大小为 {size_mb} MB；卡组文件最大 {max_mb} MB，因此未读取",
    },
    "decks.file.unreadable": {
        "en": "the file cannot be read: {reason}",
        "zh": "无法读取文件：{reason}",
    },
    "decks.file.binary": {
        "en": "this is not a text file (it contains NUL bytes); a deck is UTF-8 YAML text",
        "zh": "这不是文本文件（含有 NUL 字节）；卡组应为 UTF-8 编码的 YAML 文本",
    },
    "decks.file.not_utf8": {
        "en": "the file is not UTF-8 text (byte {byte} here); save it as UTF-8",
        "zh": "文件不是 UTF-8 文本（此处为字节 {byte}）；请以 UTF-8 编码保存",
    },
    "decks.file.missing": {
        "en": "no such file or folder",
        "zh": "文件或文件夹不存在",
    },
    "decks.file.empty": {
        "en": "the file is empty; a deck needs a 'deck:' section and a 'cards:' list",
        "zh": "文件为空；卡组需要 'deck:' 部分和 'cards:' 列表",
    },
    "decks.yaml.bad_character": {
        "en": "the character {code} is not allowed in YAML; delete it",
        "zh": "YAML 中不允许出现字符 {code}；请删除它",
    },
    "decks.yaml.too_deep": {
        "en": "the YAML is nested too deeply to read",
        "zh": "YAML 嵌套层级过深，无法读取",
    },
    "decks.yaml.too_big": {
        "en": "the YAML aliases expand to too much data",
        "zh": "YAML 别名展开后的数据量过大",
    },
    "decks.yaml.python_tag": {
        "en": "{tag} is not allowed: decks are data, not code",
        "zh": "不允许使用 {tag}：卡组是数据，不是代码",
    },
    "decks.yaml.unknown_tag": {
        "en": "the YAML tag {tag} is not allowed; "
        "decks use plain text, numbers, lists and mappings",
        "zh": "不允许使用 YAML 标签 {tag}；卡组只使用文本、数字、列表和映射",
    },
    "decks.yaml.bad_scalar": {
        "en": "this value does not fit its tag {tag}",
        "zh": "该值与其标签 {tag} 不符",
    },
    "decks.yaml.complex_key": {
        "en": "a key must be plain text, not a list or a mapping",
        "zh": "键必须是普通文本，不能是列表或映射",
    },
    "decks.yaml.duplicate_key": {
        "en": "the key '{key}' appears twice in this mapping (first on line {line}); "
        "YAML would silently keep only the last one",
        "zh": "键 '{key}' 在同一映射中出现了两次（第一次在第 {line} 行）；"
        "YAML 会悄悄只保留最后一个",
    },
    "decks.yaml.tab": {
        "en": "a tab character is used for indentation; YAML indentation must use spaces",
        "zh": "缩进中使用了制表符；YAML 缩进必须使用空格",
    },
    "decks.yaml.syntax": {
        "en": "the YAML cannot be read: {problem}.",
        "zh": "无法解析 YAML：{problem}。",
    },
    "decks.yaml.hint.colon": {
        "en": "Check the indentation, or put text that contains ': ' in quotes.",
        "zh": "请检查缩进，或把含有 ': ' 的文本放在引号中。",
    },
    "decks.yaml.hint.indent": {
        "en": "Check the indentation: keys of one mapping must line up.",
        "zh": "请检查缩进：同一映射中的键必须对齐。",
    },
    "decks.yaml.hint.alias": {
        "en": "An '*' starts an alias; put text that starts with '*' in quotes.",
        "zh": "'*' 表示别名；以 '*' 开头的文本请放在引号中。",
    },
    "decks.yaml.hint.documents": {
        "en": "A deck file holds one document: remove the '---' line.",
        "zh": "一个卡组文件只能包含一个文档：请删除 '---' 行。",
    },
    "decks.where.top": {"en": "the top level of the file", "zh": "文件顶层"},
    "decks.where.deck": {"en": "the 'deck' section", "zh": "'deck' 部分"},
    "decks.where.card": {"en": "a card", "zh": "卡片"},
    "decks.where.text": {"en": "a text (en/zh)", "zh": "文本（en/zh）"},
    "decks.where.formula": {"en": "'formula'", "zh": "'formula'"},
    "decks.where.example": {"en": "'formula.example'", "zh": "'formula.example'"},
    "decks.where.example_args": {"en": "'formula.example.args'", "zh": "'formula.example.args'"},
    "decks.where.option": {"en": "an option", "zh": "选项"},
    "decks.where.tolerance": {"en": "'tolerance'", "zh": "'tolerance'"},
    "decks.where.params": {"en": "'params'", "zh": "'params'"},
    "decks.where.param": {"en": "a template parameter", "zh": "模板参数"},
    "decks.got.list": {"en": "a list", "zh": "一个列表"},
    "decks.got.mapping": {"en": "a mapping", "zh": "一个映射"},
    "decks.got.nothing": {"en": "nothing", "zh": "空值"},
    "decks.got.boolean": {"en": "the boolean {value}", "zh": "布尔值 {value}"},
    "decks.got.number": {"en": "the number {value}", "zh": "数字 {value}"},
    "decks.got.text": {"en": "the text '{value}'", "zh": "文本 '{value}'"},
    "decks.unknown_key": {
        "en": "unknown key '{key}' in {where}{suggestion}; allowed: {allowed}",
        "zh": "{where}中有未知的键 '{key}'{suggestion}；允许的键：{allowed}",
    },
    "decks.missing_key": {
        "en": "'{key}' is missing in {where}",
        "zh": "{where}缺少 '{key}'",
    },
    "decks.not_mapping": {
        "en": "{where} must be a mapping (key: value lines), got {got}",
        "zh": "{where}必须是映射（键: 值 的形式），实际是{got}",
    },
    "decks.not_mapping_field": {
        "en": "'{field}' must be a mapping, got {got}",
        "zh": "'{field}' 必须是映射，实际是{got}",
    },
    "decks.not_list": {
        "en": "'{field}' must be a list, got {got}",
        "zh": "'{field}' 必须是列表，实际是{got}",
    },
    "decks.not_text": {
        "en": "'{field}' must be text, got {got}",
        "zh": "'{field}' 必须是文本，实际是{got}",
    },
    "decks.empty_text": {"en": "'{field}' is empty", "zh": "'{field}' 为空"},
    "decks.not_number": {
        "en": "'{field}' must be a number, got {got}",
        "zh": "'{field}' 必须是数字，实际是{got}",
    },
    "decks.not_finite": {
        "en": "'{field}' must be a finite number",
        "zh": "'{field}' 必须是有限的数字",
    },
    "decks.not_positive": {
        "en": "'{field}' must be greater than 0 (got {got})",
        "zh": "'{field}' 必须大于 0（实际是 {got}）",
    },
    "decks.below_minimum": {
        "en": "'{field}' must be at least {minimum} (got {got})",
        "zh": "'{field}' 不能小于 {minimum}（实际是 {got}）",
    },
    "decks.not_integer": {
        "en": "'{field}' must be a whole number, got {got}",
        "zh": "'{field}' 必须是整数，实际是{got}",
    },
    "decks.not_boolean": {
        "en": "'{field}' must be true or false, got {got}",
        "zh": "'{field}' 必须是 true 或 false，实际是{got}",
    },
    "decks.deck.bad_id": {
        "en": "the deck id '{got}' must use only a-z, 0-9, '_' and '-', starting with a letter "
        "or digit",
        "zh": "卡组 id '{got}' 只能使用 a-z、0-9、'_' 和 '-'，并以字母或数字开头",
    },
    "decks.deck.duplicate_id": {
        "en": "the deck id '{id}' is already used by {other}; this deck was skipped",
        "zh": "卡组 id '{id}' 已被 {other} 使用；已跳过此卡组",
    },
    "decks.cards.empty": {"en": "the deck has no cards", "zh": "卡组中没有卡片"},
    "decks.cards.not_list": {
        "en": "'cards' must be a list of cards (lines starting with '- '), got {got}",
        "zh": "'cards' 必须是卡片列表（以 '- ' 开头的行），实际是{got}",
    },
    "decks.card.not_mapping": {
        "en": "a card must be a mapping (id:, kind:, prompt: ...), got {got}",
        "zh": "卡片必须是映射（id:、kind:、prompt: ...），实际是{got}",
    },
    "decks.card.bad_id": {
        "en": "the card id '{got}' must use only a-z, 0-9, '.', '_' and '-', starting with a "
        "letter or digit",
        "zh": "卡片 id '{got}' 只能使用 a-z、0-9、'.'、'_' 和 '-'，并以字母或数字开头",
    },
    "decks.card.duplicate_id": {
        "en": "the card id '{id}' is already used on line {line}; ids must be unique in a deck",
        "zh": "卡片 id '{id}' 已在第 {line} 行使用；同一卡组中的 id 必须唯一",
    },
    "decks.card.bad_kind": {
        "en": "'kind' must be one of {kinds} (got '{got}'){suggestion}",
        "zh": "'kind' 必须是 {kinds} 之一（实际是 '{got}'）{suggestion}",
    },
    "decks.card.field_not_for_kind": {
        "en": "'{field}' is not used by '{kind}' cards",
        "zh": "'{kind}' 类型的卡片不使用 '{field}'",
    },
    "decks.bad_tag": {
        "en": "the tag '{got}' must use only a-z, 0-9, '.', '_' and '-'",
        "zh": "标签 '{got}' 只能使用 a-z、0-9、'.'、'_' 和 '-'",
    },
    "decks.text.not_mapping": {
        "en": "'{field}' must be a text like {{en: ..., zh: ...}}, got {got}",
        "zh": "'{field}' 必须是形如 {{en: ..., zh: ...}} 的文本，实际是{got}",
    },
    "decks.text.no_language": {
        "en": "'{field}' needs text in at least one language (en or zh)",
        "zh": "'{field}' 至少需要一种语言（en 或 zh）的文本",
    },
    "decks.text.bundled_needs_both": {
        "en": "'{field}' lacks '{missing}': a bundled deck needs both English and Chinese",
        "zh": "'{field}' 缺少 '{missing}'：内置卡组必须同时有英文和中文",
    },
    "decks.text.unbalanced_dollar": {
        "en": "'{field}' has a '$' without its closing '$'; write a literal dollar as \\$",
        "zh": "'{field}' 中的 '$' 没有配对的 '$'；字面上的美元符号请写作 \\$",
    },
    "decks.text.backslash_outside_math": {
        "en": "'{field}' has a backslash outside $...$; LaTeX belongs between dollars",
        "zh": "'{field}' 在 $...$ 之外有反斜杠；LaTeX 应写在美元符号之间",
    },
    "decks.formula.check_needs_engine": {
        "en": "'check' needs 'engine': the engine formula it is checked against",
        "zh": "'check' 需要 'engine'：用来核对的引擎公式",
    },
    "decks.formula.unknown_engine": {
        "en": "'{engine}' is not an engine formula{suggestion}",
        "zh": "'{engine}' 不是引擎中的公式{suggestion}",
    },
    "decks.formula.example_needs_engine": {
        "en": "'example' needs 'engine': the engine function the example is worked with",
        "zh": "'example' 需要 'engine'：用来演算该例子的引擎函数",
    },
    "decks.formula.check_and_example": {
        "en": "give 'check' (for an engine formula) or 'example' (for an engine function), "
        "not both",
        "zh": "'check'（对应引擎公式）和 'example'（对应引擎函数）只能给出其一",
    },
    "decks.formula.bad_engine_function": {
        "en": "with an 'example', 'engine' names an engine function as module.function, "
        "the module one of {modules} (got '{got}')",
        "zh": "有 'example' 时，'engine' 应以 module.function 的形式写出引擎函数，"
        "module 是 {modules} 之一（实际是 '{got}'）",
    },
    "decks.formula.unknown_function": {
        "en": "'{engine}' is not a function of the engine{suggestion}",
        "zh": "'{engine}' 不是引擎中的函数{suggestion}",
    },
    "decks.formula.needs_example": {
        "en": "'{engine}' is an engine function, not an engine formula: "
        "add an 'example' (args and expect) worked by hand",
        "zh": "'{engine}' 是引擎函数而不是引擎公式：请加上手算的 'example'（args 和 expect）",
    },
    "decks.formula.example_args": {
        "en": "'example.args' do not fit {engine}: {reason}",
        "zh": "'example.args' 与 {engine} 的参数不符：{reason}",
    },
    "decks.formula.bad_example_arg": {
        "en": "'{field}' must be a number, a text (an expression) or a list of them "
        "(rows for a matrix), got {got}",
        "zh": "'{field}' 必须是数字、文本（表达式）或由它们组成的列表（矩阵按行写），实际是{got}",
    },
    "decks.formula.bad_example_expect": {
        "en": "'{field}' must be a number or a list of numbers (rows for a matrix), got {got}",
        "zh": "'{field}' 必须是数字或数字列表（矩阵按行写），实际是{got}",
    },
    "decks.expression.bad": {
        "en": "'{field}' is not a valid expression: {reason}",
        "zh": "'{field}' 不是有效的表达式：{reason}",
    },
    "decks.domain.bad": {
        "en": "the domain condition '{condition}' cannot be read: {reason}",
        "zh": "取值范围条件 '{condition}' 无法读取：{reason}",
    },
    "decks.bad_variable": {
        "en": "'{name}' is not a valid name: use letters, digits and '_', starting with a letter",
        "zh": "'{name}' 不是有效的名称：请使用字母、数字和 '_'，并以字母开头",
    },
    "decks.choice.option_count": {
        "en": "a choice card needs {low} to {high} options (got {count})",
        "zh": "选择题需要 {low} 到 {high} 个选项（实际是 {count} 个）",
    },
    "decks.choice.missing_correct": {
        "en": "option {index} lacks 'correct: true' or 'correct: false'",
        "zh": "选项 {index} 缺少 'correct: true' 或 'correct: false'",
    },
    "decks.choice.none_correct": {
        "en": "no option is marked 'correct: true'",
        "zh": "没有任何选项标记为 'correct: true'",
    },
    "decks.numeric.bad_value": {
        "en": "'value' must be a number, a list of numbers or a list of rows, got {got}",
        "zh": "'value' 必须是数字、数字列表或由行组成的列表，实际是{got}",
    },
    "decks.numeric.ragged": {
        "en": "this matrix row has {got} {got:entry|entries} but the first row has {want}",
        "zh": "矩阵的这一行有 {got} 个元素，而第一行有 {want} 个",
    },
    "decks.tolerance.empty": {
        "en": "'tolerance' needs 'sigfigs', 'decimals', or 'rel' and/or 'abs'",
        "zh": "'tolerance' 需要 'sigfigs'、'decimals'，或 'rel' 和/或 'abs'",
    },
    "decks.tolerance.mixed": {
        "en": "'{field}' states the precision on its own: leave out the other tolerance fields",
        "zh": "'{field}' 已单独规定精度：请去掉 tolerance 的其他字段",
    },
    "decks.numeric.start_shape": {
        "en": "'start' must have the same shape as 'value'",
        "zh": "'start' 的形状必须与 'value' 相同",
    },
    "decks.code.bad_task": {
        "en": "'{task}' is not a code task id; it looks like code.adam_step "
        "(quizapp code --list shows them all)",
        "zh": "'{task}' 不是代码题编号；应形如 code.adam_step（quizapp code --list 列出全部）",
    },
    "decks.code.unknown_task": {
        "en": "'{task}' is not an implement-it task{suggestion}",
        "zh": "'{task}' 不是已有的代码实现题{suggestion}",
    },
    "decks.generated.unknown_family": {
        "en": "'{family}' is not an engine problem family{suggestion}",
        "zh": "'{family}' 不是引擎中的题目类型{suggestion}",
    },
    "decks.generated.failed": {
        "en": "the engine could not generate '{family}' with these params: {reason}",
        "zh": "引擎无法用这些参数生成 '{family}'：{reason}",
    },
    "decks.template.no_params": {
        "en": "a template needs at least one parameter under 'params'",
        "zh": "模板题在 'params' 下至少需要一个参数",
    },
    "decks.template.reserved_name": {
        "en": "'{name}' already means something in expressions; choose another parameter name",
        "zh": "'{name}' 在表达式中已有含义；请换一个参数名",
    },
    "decks.template.range_or_choices": {
        "en": "parameter '{name}' needs either 'range: [low, high]' or 'choices: [...]'",
        "zh": "参数 '{name}' 需要 'range: [low, high]' 或 'choices: [...]' 之一",
    },
    "decks.template.step_with_choices": {
        "en": "parameter '{name}': 'step' goes with 'range', not with 'choices'",
        "zh": "参数 '{name}'：'step' 与 'range' 搭配，而不是 'choices'",
    },
    "decks.template.bad_choices": {
        "en": "parameter '{name}': 'choices' must be a non-empty list of numbers",
        "zh": "参数 '{name}'：'choices' 必须是非空的数字列表",
    },
    "decks.template.bad_range": {
        "en": "parameter '{name}': 'range' must be two numbers, [low, high]",
        "zh": "参数 '{name}'：'range' 必须是两个数字 [low, high]",
    },
    "decks.template.empty_range": {
        "en": "parameter '{name}': the range low {low} must be below high {high}",
        "zh": "参数 '{name}'：范围下限 {low} 必须小于上限 {high}",
    },
    "decks.template.needs_step": {
        "en": "parameter '{name}': a range with decimal ends needs a 'step'",
        "zh": "参数 '{name}'：端点为小数的范围需要 'step'",
    },
    "decks.template.unknown_placeholder": {
        "en": "'{field}' uses {{{placeholder}}}, which is not a parameter (params: {params})",
        "zh": "'{field}' 使用了 {{{placeholder}}}，但它不是参数（参数有：{params}）",
    },
    "decks.template.not_finite": {
        "en": "'value' cannot be evaluated at {at}: {reason}",
        "zh": "'value' 在 {at} 处无法求值：{reason}",
    },
    "decks.template.no_finite_draw": {
        "en": "card '{id}': no drawn parameters gave a finite answer",
        "zh": "卡片 '{id}'：抽取的参数都无法得到有限的答案",
    },
    "decks.validate.help": {
        "en": "check deck files and print every problem (exit code 1 on any error)",
        "zh": "检查卡组文件并列出所有问题（有错误时退出码为 1）",
    },
    "decks.validate.paths_help": {
        "en": "deck files or folders (default: the bundled decks and your deck folder)",
        "zh": "卡组文件或文件夹（默认：内置卡组和你的卡组文件夹）",
    },
    "decks.validate.warning": {"en": "warning: ", "zh": "警告："},
    "decks.validate.summary": {
        "en": "{decks} {decks:deck|decks}, {cards} {cards:card|cards}, {errors} {errors:error|errors}, "
        "{warnings} {warnings:warning|warnings}",
        "zh": "{decks} 个卡组，{cards} 张卡片，{errors} 个错误，{warnings} 个警告",
    },
    "decks.schema.help": {
        "en": "print the JSON Schema of deck files (for editor completion)",
        "zh": "输出卡组文件的 JSON Schema（用于编辑器补全）",
    },
    # --- study / store / config ----------------------------------------------
    "config.bad_value": {
        "en": "Setting {key} = {value} is not valid ({reason}); using the default {default}.",
        "zh": "设置 {key} = {value} 无效（{reason}），改用默认值 {default}。",
    },
    "config.reason.choice": {"en": "expected one of {choices}", "zh": "应为以下之一：{choices}"},
    "config.reason.whole": {
        "en": "expected a whole number from {low} to {high}",
        "zh": "应为 {low} 到 {high} 之间的整数",
    },
    "config.reason.number": {
        "en": "expected a number from {low} to {high}",
        "zh": "应为 {low} 到 {high} 之间的数",
    },
    "config.reason.flag": {"en": "expected true or false", "zh": "应为 true 或 false"},
    "config.reason.name": {
        "en": "expected a non-empty name of at most 64 characters",
        "zh": "应为不超过 64 个字符的非空名称",
    },
    "config.unknown_key": {
        "en": "Unknown setting {key} in {path}; it is ignored.",
        "zh": "{path} 中有未知设置 {key}，已忽略。",
    },
    "config.bad_table": {
        "en": "{key} in {path} should be a table of deck limits; it is ignored.",
        "zh": "{path} 中的 {key} 应为卡组上限表，已忽略。",
    },
    "config.unreadable": {
        "en": "The settings file {path} could not be read ({detail}); using the defaults. "
        "The file was left as it is.",
        "zh": "无法读取设置文件 {path}（{detail}），改用默认设置。文件保持原样。",
    },
    "config.save_failed": {
        "en": "Could not save the settings to {path}: {detail}",
        "zh": "无法将设置保存到 {path}：{detail}",
    },
    "store.corrupt": {
        "en": "The database {path} is unreadable or corrupt ({detail}). It was left untouched; "
        "move it away (or restore a backup) and quizapp will start a new one.",
        "zh": "数据库 {path} 无法读取或已损坏（{detail}）。文件未被改动；"
        "请将其移走（或恢复备份），quizapp 会新建数据库。",
    },
    "store.foreign": {
        "en": "{path} is not a quizapp database (it has the tables {detail}). It was left "
        "untouched; choose another data dir with --data-dir.",
        "zh": "{path} 不是 quizapp 数据库（其中的表：{detail}）。文件未被改动；"
        "请用 --data-dir 选择其他数据目录。",
    },
    "store.newer": {
        "en": "The database {path} was written by a newer quizapp (schema version {detail}). "
        "It was left untouched; please update quizapp.",
        "zh": "数据库 {path} 由更新版本的 quizapp 写入（结构版本 {detail}）。"
        "文件未被改动；请升级 quizapp。",
    },
    "store.full": {
        "en": "The disk holding {path} is full ({detail}); the last answer was not saved. "
        "Free some space and try again.",
        "zh": "{path} 所在的磁盘已满（{detail}），最后一次作答未保存。请释放空间后重试。",
    },
    "store.readonly": {
        "en": "Cannot write to {path} ({detail}). Check that the data dir is writable, or "
        "choose another with --data-dir.",
        "zh": "无法写入 {path}（{detail}）。请检查数据目录是否可写，或用 --data-dir 选择其他目录。",
    },
    "store.busy": {
        "en": "The database {path} is busy: another quizapp kept it locked too long ({detail}). "
        "Try again.",
        "zh": "数据库 {path} 正忙：另一个 quizapp 锁定时间过长（{detail}）。请重试。",
    },
    "store.failed": {
        "en": "The database {path} reported a problem: {detail}",
        "zh": "数据库 {path} 报告了问题：{detail}",
    },
    "store.undo_missing": {
        "en": "There is no review {detail} to undo (database {path}).",
        "zh": "没有可撤销的复习记录 {detail}（数据库 {path}）。",
    },
    "store.undo_not_last": {
        "en": "Only the latest review of {detail} can be undone (database {path}).",
        "zh": "只能撤销 {detail} 的最近一次复习（数据库 {path}）。",
    },
    "interval.under_minute": {"en": "<1m", "zh": "<1分钟"},
    "interval.minutes": {"en": "{n}m", "zh": "{n}分钟"},
    "interval.hours": {"en": "{n}h", "zh": "{n}小时"},
    "interval.days": {"en": "{n}d", "zh": "{n}天"},
    "interval.months": {"en": "{n}mo", "zh": "{n}个月"},
    "interval.years": {"en": "{n}y", "zh": "{n}年"},
    "statscli.help": {"en": "show study statistics", "zh": "显示学习统计"},
    "statscli.json_help": {
        "en": "print the statistics as JSON (keys in docs/stats.md)",
        "zh": "以 JSON 输出统计（键见 docs/stats.md）",
    },
    "statscli.today": {
        "en": "To study now: {new} new · {learning} learning · {due} due.",
        "zh": "现在要学：新卡 {new} · 学习中 {learning} · 待复习 {due}。",
    },
    "statscli.summary": {
        "en": "Reviews: {today} today, {total} in all. Due today: {due}. "
        "Streak: {streak} {streak:day|days}.",
        "zh": "复习：今天 {today} 次，共 {total} 次。今日到期：{due}。连续学习：{streak} 天。",
    },
    "statscli.retention": {
        "en": "True retention, last 30 days: {retention}",
        "zh": "近 30 天真实记忆保持率：{retention}",
    },
    "statscli.no_data": {"en": "none yet", "zh": "暂无"},
    "statscli.last_days": {
        "en": "Reviews, last 7 days: {counts}",
        "zh": "近 7 天复习次数：{counts}",
    },
    "statscli.forecast": {
        "en": "Due, next 7 days: {counts}",
        "zh": "未来 7 天到期：{counts}",
    },
    "statscli.decks": {"en": "Decks:", "zh": "卡组："},
    "statscli.deck_line": {
        "en": "  {deck}: {new} new, {learning} learning, {due} due; retention {retention};"
        " graded answers right {accuracy}",
        "zh": "  {deck}：新卡 {new}，学习中 {learning}，到期 {due}；保持率 {retention}；"
        "评分作答正确率 {accuracy}",
    },
    "statscli.of": {"en": "{correct} of {attempts}", "zh": "{attempts} 次中 {correct} 次"},
    "statscli.families": {"en": "Accuracy by problem family:", "zh": "各题型正确率："},
    "statscli.family_line": {
        "en": "  {family}: {correct} of {attempts} ({accuracy})",
        "zh": "  {family}：{attempts} 题对 {correct} 题（{accuracy}）",
    },
    "statscli.mistakes": {"en": "Most frequent mistakes:", "zh": "最常见的错误："},
    "statscli.mistake_line": {
        "en": "  {mistake} ({count} of {attempts} answers to {family})",
        "zh": "  {mistake}（{family}：{attempts} 道题中有 {count} 道）",
    },
    "statscli.orphans": {
        "en": "{count} stored {count:card is|cards are} no longer in any deck file; "
        "{count:its|their} history is kept: {cards}",
        "zh": "有 {count} 张已保存的卡片不在任何卡组文件中，其记录仍保留：{cards}",
    },
    # --- engine commands (problem, grade, worksheet) -------------------------
    "cmd.problem.help": {
        "en": "Print a generated problem (or list the problem families).",
        "zh": "打印一道自动生成的题目（或列出所有题型）。",
    },
    "cmd.problem.list_help": {"en": "list the problem families", "zh": "列出所有题型"},
    "cmd.problem.json_help": {"en": "print the problem as JSON", "zh": "以 JSON 格式打印题目"},
    "cmd.problem.answer_help": {
        "en": "also print the answer and the worked solution",
        "zh": "同时打印答案和详细解答",
    },
    "cmd.family.help": {
        "en": "a problem family id, e.g. loss.huber.value",
        "zh": "题型编号，例如 loss.huber.value",
    },
    "cmd.seed.help": {
        "en": "the seed: the same family and seed give the same problem",
        "zh": "随机种子：相同的题型和种子生成相同的题目",
    },
    "cmd.lang.help": {"en": "output language: en, zh or both", "zh": "输出语言：en、zh 或 both"},
    "cmd.grade.help": {
        "en": "Grade an answer to a generated problem: quizapp grade FAMILY --seed N -- ANSWER. "
        "Exit code 0 correct, 1 incorrect, 2 unreadable.",
        "zh": "批改一道生成题的答案：quizapp grade 题型 --seed N -- 答案。"
        "退出码 0 表示正确，1 表示错误，2 表示无法理解。",
    },
    "cmd.grade.answer_help": {
        "en": "the answer, after -- (so a leading minus sign is not read as an option)",
        "zh": "答案，写在 -- 之后（这样开头的负号不会被当成选项）",
    },
    "cmd.worksheet.help": {
        "en": "Print a Markdown problem set with its answer key and worked solutions.",
        "zh": "打印一份 Markdown 格式的练习题，附答案和详细解答。",
    },
    "cmd.worksheet.family_help": {
        "en": "a family id, a topic (losses, derivatives, clipping, regularization, optimizers, "
        "kmeans, pca) or an id prefix such as optim or loss (repeatable; default: a mix of "
        "every topic)",
        "zh": "题型 id、主题（losses、derivatives、clipping、regularization、optimizers、kmeans、pca）"
        "或 id 前缀，如 optim、loss（可重复；默认：各主题混合）",
    },
    "cmd.worksheet.count_help": {"en": "how many problems", "zh": "题目数量"},
    "problem.heading": {"en": "{family} (seed {seed})", "zh": "{family}（种子 {seed}）"},
    "problem.hint": {"en": "Hint", "zh": "提示"},
    "problem.answer": {"en": "Answer", "zh": "答案"},
    "problem.solution": {"en": "Worked solution", "zh": "详细解答"},
    "problem.variables": {"en": "Variables", "zh": "可用变量"},
    "problem.missing_family": {
        "en": "Name a problem family, or use --list to see them all.",
        "zh": "请指定题型，或用 --list 查看全部题型。",
    },
    "problem.unknown_family": {
        "en": "Unknown problem family '{family}'. Run 'quizapp problem --list' to see them all.",
        "zh": "未知的题型“{family}”。运行 'quizapp problem --list' 查看全部题型。",
    },
    "problem.unknown_family_close": {
        "en": "Unknown problem family '{family}'. Did you mean: {matches}?",
        "zh": "未知的题型“{family}”。你是不是想找：{matches}？",
    },
    "problem.bad_seed": {
        "en": "The seed must be a non-negative integer, not {seed}.",
        "zh": "种子必须是非负整数，而不是 {seed}。",
    },
    "grade.correct": {"en": "Correct", "zh": "正确"},
    "grade.incorrect": {"en": "Incorrect", "zh": "错误"},
    "grade.invalid": {"en": "Could not read the answer", "zh": "无法理解这个答案"},
    "grade.read_as": {"en": "Read as", "zh": "理解为"},
    "grade.mistake": {"en": "Recognised mistake", "zh": "识别出的错误"},
    # --- quizapp code (implement-it tasks) ---------------------------------
    "cmd.code.help": {
        "en": "implement-it tasks: write a NumPy function, check it against tests",
        "zh": "动手实现题：编写 NumPy 函数并用测试检查",
    },
    "cmd.code.task_help": {
        "en": "a task id, e.g. code.huber (see --list)",
        "zh": "题目编号，如 code.huber（见 --list）",
    },
    "cmd.code.list_help": {"en": "list every task", "zh": "列出所有题目"},
    "cmd.code.check_help": {
        "en": "check the function in FILE against the task's tests",
        "zh": "用题目的测试检查 FILE 中的函数",
    },
    "cmd.code.json_help": {"en": "print the check's report as JSON", "zh": "以 JSON 输出检查报告"},
    "cmd.code.hint_help": {"en": "also print the hint", "zh": "同时显示提示"},
    "cmd.code.solution_help": {
        "en": "also print the model solution",
        "zh": "同时显示参考解答",
    },
    "cmd.code.seed_help": {
        "en": "which seeded tests to draw (default 0)",
        "zh": "抽取哪一组随机测试（默认 0）",
    },
    "cmd.code.time_limit_help": {
        "en": "wall-clock limit for running your code, in seconds (default 10)",
        "zh": "运行代码的时间上限，单位秒（默认 10）",
    },
    "code.missing_task": {
        "en": "name a task (quizapp code --list shows them all)",
        "zh": "请指定题目（quizapp code --list 列出全部题目）",
    },
    "code.unknown_task": {
        "en": "there is no task '{task}' (quizapp code --list shows them all)",
        "zh": "没有题目 '{task}'（quizapp code --list 列出全部题目）",
    },
    "code.unknown_task_close": {
        "en": "there is no task '{task}'; did you mean {matches}?",
        "zh": "没有题目 '{task}'；是不是想写 {matches}？",
    },
    "code.bad_time_limit": {
        "en": "--time-limit must be more than 0 and at most 600 seconds",
        "zh": "--time-limit 必须大于 0 且不超过 600 秒",
    },
    "code.file_unreadable": {
        "en": "cannot read {path}: {reason}",
        "zh": "无法读取 {path}：{reason}",
    },
    "code.file_not_utf8": {
        "en": "{path} is not UTF-8 text; save it as UTF-8",
        "zh": "{path} 不是 UTF-8 文本；请以 UTF-8 编码保存",
    },
    "code.file_too_large": {
        "en": "{path} is larger than 1 MB; a solution is a short Python file",
        "zh": "{path} 超过 1 MB；解答应是一个简短的 Python 文件",
    },
    "code.signature": {"en": "Signature", "zh": "函数签名"},
    "code.starter_heading": {
        "en": "Starter file (save it as {file}, fill in the body, then run with --check {file}):",
        "zh": "初始文件（保存为 {file}，补全函数体，然后用 --check {file} 检查）：",
    },
    "code.solution": {"en": "Model solution", "zh": "参考解答"},
    "code.solution_offer": {
        "en": "See a model solution: quizapp code {task} --solution",
        "zh": "查看参考解答：quizapp code {task} --solution",
    },
    "code.test": {"en": "Test {number}", "zh": "测试 {number}"},
    "code.expected": {"en": "expected", "zh": "期望"},
    "code.got": {"en": "got", "zh": "实际"},
    "code.max_error": {"en": "largest error", "zh": "最大误差"},
    "code.output": {"en": "Printed output", "zh": "打印输出"},
    "code.tolerance": {"en": "Tolerance", "zh": "容差"},
    "grade.missing_answer": {
        "en": 'Give the answer after --, e.g. quizapp grade {family} --seed 1 -- "0.5"',
        "zh": '请在 -- 之后给出答案，例如 quizapp grade {family} --seed 1 -- "0.5"',
    },
    "worksheet.title": {"en": "Worksheet", "zh": "练习题"},
    "worksheet.problem": {"en": "Problem {number}", "zh": "第 {number} 题"},
    "worksheet.seed": {"en": "seed {seed}", "zh": "种子 {seed}"},
    "worksheet.answer_key": {"en": "Answer key", "zh": "答案"},
    "worksheet.solutions": {"en": "Worked solutions", "zh": "详细解答"},
    "worksheet.unknown_family": {
        "en": "no problem family, topic or id prefix '{family}' (closest: {matches}); "
        "topics: {topics}",
        "zh": "没有名为 '{family}' 的题型、主题或题型前缀（最接近的：{matches}）；"
        "主题：{topics}",
    },
    "worksheet.bad_count": {
        "en": "--count must be at least 1.",
        "zh": "--count 至少为 1。",
    },
    # --- problem families (quizapp.families) ------------------------------
    "family.loss_value": {"en": "{subject}: value", "zh": "{subject}：求值"},
    "family.deriv_expression": {
        "en": "{subject}: derivative as an expression",
        "zh": "{subject}：导数表达式",
    },
    "family.deriv_value": {"en": "{subject}: derivative at a point", "zh": "{subject}：导数数值"},
    "family.optim_step": {"en": "{subject}: one step", "zh": "{subject}：一步更新"},
    "family.optim_update": {"en": "{subject}: one update", "zh": "{subject}：一次更新"},
    "family.subject.binary_crossentropy": {"en": "Binary cross-entropy", "zh": "二元交叉熵"},
    "family.subject.categorical_crossentropy": {
        "en": "Categorical cross-entropy",
        "zh": "分类交叉熵",
    },
    "family.subject.sparse_categorical_crossentropy": {
        "en": "Sparse categorical cross-entropy",
        "zh": "稀疏分类交叉熵",
    },
    "family.subject.softmax_crossentropy": {"en": "Softmax cross-entropy", "zh": "Softmax 交叉熵"},
    "family.subject.categorical_hinge": {"en": "Categorical hinge loss", "zh": "类别合页损失"},
    "family.subject.cosine_similarity": {"en": "Cosine similarity loss", "zh": "余弦相似度损失"},
    "family.subject.hinge": {"en": "Hinge loss", "zh": "合页损失"},
    "family.subject.squared_hinge": {"en": "Squared hinge loss", "zh": "平方合页损失"},
    "family.subject.huber": {"en": "Huber loss", "zh": "Huber 损失"},
    "family.subject.kl_divergence": {"en": "KL divergence", "zh": "KL 散度"},
    "family.subject.log_cosh": {"en": "Log-cosh loss", "zh": "Log-cosh 损失"},
    "family.subject.mean_absolute_error": {"en": "Mean absolute error", "zh": "平均绝对误差"},
    "family.subject.mean_absolute_percentage_error": {
        "en": "Mean absolute percentage error",
        "zh": "平均绝对百分比误差",
    },
    "family.subject.mean_squared_error": {"en": "Mean squared error", "zh": "均方误差"},
    "family.subject.mean_squared_logarithmic_error": {
        "en": "Mean squared logarithmic error",
        "zh": "均方对数误差",
    },
    "family.subject.poisson": {"en": "Poisson loss", "zh": "泊松损失"},
    "family.subject.adadelta": {"en": "Adadelta", "zh": "Adadelta"},
    "family.subject.adagrad": {"en": "AdaGrad", "zh": "AdaGrad"},
    "family.subject.adam": {"en": "Adam", "zh": "Adam"},
    "family.subject.bfgs": {"en": "BFGS", "zh": "BFGS"},
    "family.subject.conjugate_gradient": {"en": "Conjugate gradient", "zh": "共轭梯度法"},
    "family.subject.momentum": {"en": "Momentum", "zh": "动量法"},
    "family.subject.nesterov": {"en": "Nesterov momentum", "zh": "Nesterov 动量法"},
    "family.subject.newton": {"en": "Newton's method", "zh": "牛顿法"},
    "family.subject.rmsprop": {"en": "RMSProp", "zh": "RMSProp"},
    "family.subject.focal": {"en": "Focal loss", "zh": "Focal 损失"},
    "family.subject.label_smoothing": {
        "en": "Cross-entropy with label smoothing",
        "zh": "标签平滑交叉熵",
    },
    "family.subject.pinball": {"en": "Pinball (quantile) loss", "zh": "Pinball（分位数）损失"},
    "family.subject.logsumexp": {"en": "Log-sum-exp", "zh": "Log-sum-exp（对数和指数）"},
    "family.subject.contrastive": {"en": "Contrastive loss", "zh": "对比损失"},
    "family.subject.triplet": {"en": "Triplet margin loss", "zh": "三元组损失"},
    "family.subject.infonce": {"en": "InfoNCE (NT-Xent) loss", "zh": "InfoNCE（NT-Xent）损失"},
    "family.activation.gelu.value": {"en": "GELU: value", "zh": "GELU：求值"},
    "family.activation.swish.value": {"en": "Swish (SiLU): value", "zh": "Swish（SiLU）：求值"},
    "family.activation.swish.derivative": {
        "en": "Swish (SiLU): derivative at a point",
        "zh": "Swish（SiLU）：导数数值",
    },
    "family.dropout.inverted.value": {
        "en": "Inverted dropout: training output",
        "zh": "Inverted dropout：训练时的输出",
    },
    "family.norm.batchnorm.forward": {
        "en": "BatchNorm: training-mode output",
        "zh": "批归一化：训练模式下的输出",
    },
    "family.norm.layernorm.forward": {"en": "LayerNorm: output", "zh": "层归一化：输出"},
    "family.reg.soft_threshold.step": {
        "en": "L1 proximal step (soft-thresholding)",
        "zh": "L1 近端步（软阈值）",
    },
    "family.activation.gelu.derivative": {
        "en": "GELU: derivative at a point",
        "zh": "GELU：导数数值",
    },
    "family.optim.cosine_lr.value": {
        "en": "Cosine learning-rate schedule with warm-up",
        "zh": "带预热的余弦学习率调度",
    },
    "family.optim.step_decay.value": {
        "en": "Step-decay learning-rate schedule",
        "zh": "阶梯衰减学习率调度",
    },
    "family.optim.adamw.step": {
        "en": "AdamW (decoupled weight decay): one step",
        "zh": "AdamW（解耦权重衰减）：一步更新",
    },
    "family.optim.linear_scaling.value": {
        "en": "Linear scaling rule: learning rate for a larger batch",
        "zh": "线性缩放规则：大批量下的学习率",
    },
    "family.optim.stability_bound.value": {
        "en": "Gradient descent: largest stable learning rate",
        "zh": "梯度下降：最大稳定学习率",
    },
    "family.optim.grad_accumulation.value": {
        "en": "Gradient accumulation: the accumulated gradient",
        "zh": "梯度累积：累积得到的梯度",
    },
    "family.subject.sgd": {"en": "SGD", "zh": "随机梯度下降（SGD）"},
    "family.activation.derivative": {"en": "Activation functions: derivative", "zh": "激活函数：导数"},
    "family.backprop.chain_rule": {"en": "Backpropagation: chain rule", "zh": "反向传播：链式法则"},
    "family.gradient.exploding": {"en": "Exploding gradients", "zh": "梯度爆炸"},
    "family.gradient.vanishing": {"en": "Vanishing gradients", "zh": "梯度消失"},
    "family.clip.by_value": {"en": "Gradient clipping by value", "zh": "按值梯度裁剪"},
    "family.clip.by_norm": {"en": "Gradient clipping by norm", "zh": "按范数梯度裁剪"},
    "family.clip.by_global_norm": {
        "en": "Gradient clipping by global norm",
        "zh": "按全局范数梯度裁剪",
    },
    "family.kmeans.assign": {
        "en": "k-means: assign points to centroids",
        "zh": "k-means：把点分配给聚类中心",
    },
    "family.kmeans.distance": {
        "en": "k-means: distance to a centroid",
        "zh": "k-means：到聚类中心的距离",
    },
    "family.kmeans.inertia": {"en": "k-means: inertia", "zh": "k-means：簇内平方和"},
    "family.kmeans.kmeanspp_probability": {
        "en": "k-means++: seeding probability",
        "zh": "k-means++：初始中心的选取概率",
    },
    "family.kmeans.lloyd_step": {"en": "k-means: one Lloyd step", "zh": "k-means：Lloyd 算法一步"},
    "family.kmeans.minibatch_step": {
        "en": "Mini-batch k-means: one step",
        "zh": "mini-batch k-means：一步更新",
    },
    "family.kmeans.silhouette": {
        "en": "Clustering: silhouette coefficient",
        "zh": "聚类：轮廓系数",
    },
    "family.kmeans.adjusted_rand_index": {
        "en": "Clustering: adjusted Rand index",
        "zh": "聚类：调整兰德指数",
    },
    "family.pca.components_for_threshold": {
        "en": "PCA: components for a variance threshold",
        "zh": "主成分分析：达到方差阈值所需的主成分数",
    },
    "family.pca.covariance": {"en": "PCA: covariance matrix", "zh": "主成分分析：协方差矩阵"},
    "family.pca.eigenvalues": {"en": "PCA: eigenvalues", "zh": "主成分分析：特征值"},
    "family.pca.explained_variance_ratio": {
        "en": "PCA: explained variance ratio",
        "zh": "主成分分析：解释方差比",
    },
    "family.pca.projection": {"en": "PCA: projection", "zh": "主成分分析：投影"},
    "family.pca.reconstruction_error": {
        "en": "PCA: reconstruction error",
        "zh": "主成分分析：重构误差",
    },
    "family.pca.whitening": {"en": "PCA: whitened scores", "zh": "主成分分析：白化得分"},
    "family.pca.gram_trick": {
        "en": "PCA: eigenvalues through the Gram matrix",
        "zh": "主成分分析：用 Gram 矩阵求特征值",
    },
    "family.pca.ppca_noise_variance": {
        "en": "Probabilistic PCA: noise variance",
        "zh": "概率主成分分析：噪声方差",
    },
    # --- ui ----------------------------------------------------------------
    "lang.name.en": {"en": "English", "zh": "英文"},
    "lang.name.zh": {"en": "Chinese", "zh": "中文"},
    "lang.name.both": {"en": "English + Chinese", "zh": "中英对照"},
    "lang.switched": {"en": "Language: {name}", "zh": "语言：{name}"},
    "theme.switched": {"en": "Theme: {name}", "zh": "主题：{name}"},
    "palette.study_all": {"en": "Study all decks", "zh": "学习全部卡组"},
    "palette.study_all.help": {
        "en": "Today's due, learning and new cards of every deck, topics taking turns",
        "zh": "所有卡组今天的待复习卡、学习中的卡和新卡，各主题轮流出现",
    },
    "palette.study_deck": {"en": "Study deck: {deck}", "zh": "学习卡组：{deck}"},
    "palette.study_deck.help": {
        "en": "Today's due and new cards of this deck",
        "zh": "该卡组今天到期的卡片和新卡片",
    },
    "palette.drill_deck": {"en": "Drill deck: {deck}", "zh": "强化练习卡组：{deck}"},
    "palette.drill_tag": {"en": "Drill tag: {tag}", "zh": "强化练习标签：{tag}"},
    "palette.drill.help": {
        "en": "The weakest cards first, ignoring the schedule",
        "zh": "不管复习计划，最薄弱的卡片优先",
    },
    "palette.language": {"en": "Switch language: {name}", "zh": "切换语言：{name}"},
    "palette.language.help": {"en": "Interface and card language", "zh": "界面和卡片的语言"},
    "palette.stats": {"en": "Open stats", "zh": "打开统计"},
    "palette.stats.help": {
        "en": "Reviews, retention, forecast and common mistakes",
        "zh": "复习量、记忆保持率、到期预测和常见错误",
    },
    "palette.browse": {"en": "Browse cards", "zh": "浏览卡片"},
    "palette.browse.help": {
        "en": "Search cards, see their state, suspend or unsuspend",
        "zh": "搜索卡片、查看状态、暂停或恢复",
    },
    "palette.settings": {"en": "Open settings", "zh": "打开设置"},
    "palette.settings.help": {
        "en": "Language, theme, daily limits, retention, day start",
        "zh": "语言、主题、每日上限、目标记忆保持率、每日开始时间",
    },
    "palette.reload": {"en": "Reload decks", "zh": "重新加载卡组"},
    "palette.reload.help": {
        "en": "Read the deck files again after editing them",
        "zh": "编辑卡组文件后重新读取",
    },
    "palette.validate": {"en": "Validate decks", "zh": "校验卡组"},
    "palette.validate.help": {
        "en": "List every problem found in the deck files",
        "zh": "列出卡组文件中发现的所有问题",
    },
    "palette.theme": {"en": "Theme", "zh": "主题"},
    "palette.theme.help": {
        "en": "Switch between the dark and the light theme (remembered for next time)",
        "zh": "在深色和浅色主题之间切换（下次启动时保持）",
    },
    "palette.quit": {"en": "Quit", "zh": "退出"},
    "palette.quit.help": {
        "en": "Quit quizapp (every answer is already saved)",
        "zh": "退出 quizapp（所有作答都已保存）",
    },
    "palette.keys": {"en": "Keys", "zh": "按键"},
    "palette.keys.show": {
        "en": "Show help for the focused widget and a summary of the available keys",
        "zh": "显示当前焦点控件的帮助和可用按键一览",
    },
    "palette.keys.hide": {
        "en": "Hide the keys and widget help panel",
        "zh": "隐藏按键和控件帮助面板",
    },
    "palette.maximize": {"en": "Maximize", "zh": "最大化"},
    "palette.maximize.help": {"en": "Maximize the focused widget", "zh": "最大化当前焦点控件"},
    "palette.minimize": {"en": "Minimize", "zh": "还原"},
    "palette.minimize.help": {
        "en": "Restore the maximized widget to its normal size",
        "zh": "把最大化的控件恢复到正常大小",
    },
    "palette.screenshot": {"en": "Screenshot", "zh": "截图"},
    "palette.screenshot.help": {
        "en": "Save an SVG picture of the current screen",
        "zh": "把当前屏幕保存为 SVG 图片",
    },
    "palette.screenshot.saved": {"en": "Screenshot saved to {path}", "zh": "截图已保存到 {path}"},
    "palette.screenshot.failed": {"en": "The screenshot could not be saved", "zh": "无法保存截图"},
    "palette.placeholder": {"en": "Search for commands…", "zh": "搜索命令…"},
    "app.quit_hint": {"en": "Press {key} to quit", "zh": "按 {key} 退出"},
    "app.quit_hint.title": {"en": "Do you want to quit?", "zh": "要退出吗？"},
    "home.subtitle": {"en": "Decks", "zh": "卡组"},
    "home.col.deck": {"en": "Deck", "zh": "卡组"},
    "home.col.new": {"en": "New", "zh": "新卡"},
    "home.col.learning": {"en": "Learning", "zh": "学习中"},
    "home.col.due": {"en": "Due", "zh": "待复习"},
    "home.today": {
        "en": "Today: {reviewed} reviewed · {new} new · {learning} learning · {due} due",
        "zh": "今日：已复习 {reviewed} · 新卡 {new} · 学习中 {learning} · 待复习 {due}",
    },
    "home.all_decks": {"en": "All decks", "zh": "全部卡组"},
    "home.hint": {
        "en": "Enter studies the highlighted row · a studies all decks · d drills the "
        "weakest cards · ctrl+p for every command",
        "zh": "回车学习选中的一行 · a 学习全部卡组 · d 强化练习最薄弱的卡片 · ctrl+p 查看所有命令",
    },
    "home.empty": {
        "en": "No decks were found. Add YAML decks to your deck folder or pass --deck PATH.",
        "zh": "没有找到卡组。请把 YAML 卡组放进卡组文件夹，或使用 --deck PATH。",
    },
    "home.reloaded": {"en": "Reloaded {decks} {decks:deck|decks}", "zh": "已重新加载 {decks} 个卡组"},
    "summary.title": {"en": "Session summary", "zh": "学习小结"},
    "summary.heading": {"en": "Session complete", "zh": "本轮学习完成"},
    "summary.cards": {"en": "Cards done: {count}", "zh": "完成卡片：{count} 张"},
    "summary.accuracy": {
        "en": "Accuracy: {percent}% ({correct} of {graded} answers right)",
        "zh": "正确率：{percent}%（{graded} 题中答对 {correct} 题）",
    },
    "summary.recalled": {
        "en": "Recalled: {percent}% ({recalled} of {rated} flashcards not rated Again)",
        "zh": "记起：{percent}%（{rated} 张闪卡中 {recalled} 张没有选“重来”）",
    },
    "summary.time": {"en": "Time spent: {time}", "zh": "用时：{time}"},
    "summary.mistakes": {"en": "Mistakes seen", "zh": "出现过的错误"},
    "summary.next_due": {"en": "Next cards due {when}.", "zh": "下一批卡片到期时间：{when}。"},
    "summary.nothing_due": {
        "en": "Nothing else is scheduled yet.",
        "zh": "目前没有其他待复习的卡片。",
    },
    "help.title": {"en": "quizapp keys", "zh": "quizapp 快捷键"},
    "help.section.home": {"en": "Home", "zh": "主页"},
    "help.section.study": {"en": "Studying", "zh": "学习中"},
    "help.section.everywhere": {"en": "Everywhere", "zh": "任何界面"},
    "help.section.answers": {"en": "Typing answers", "zh": "输入答案"},
    "help.move": {"en": "move between decks", "zh": "在卡组之间移动"},
    "help.study": {"en": "study the highlighted deck", "zh": "学习选中的卡组"},
    "help.study_all": {"en": "study all decks in one sitting", "zh": "一轮学习全部卡组"},
    "help.drill": {
        "en": "drill the weakest cards of a deck or tag",
        "zh": "强化练习某个卡组或标签中最薄弱的卡片",
    },
    "help.browse": {"en": "browse and search cards", "zh": "浏览和搜索卡片"},
    "help.stats": {"en": "statistics", "zh": "统计"},
    "help.settings": {"en": "settings", "zh": "设置"},
    "help.reload": {"en": "reload the deck files", "zh": "重新加载卡组文件"},
    "help.quit": {"en": "quit", "zh": "退出"},
    "help.reveal": {"en": "show a flashcard's answer", "zh": "显示闪卡的答案"},
    "help.rate": {
        "en": "rate a flashcard Again / Hard / Good / Easy (the next interval is shown)",
        "zh": "给闪卡评分：重来 / 困难 / 良好 / 简单（会显示下次间隔）",
    },
    "help.toggle": {"en": "toggle a choice option", "zh": "选择或取消选项"},
    "help.submit": {
        "en": "check a typed answer or choice; then go on",
        "zh": "提交输入的答案或选项，然后继续",
    },
    "help.hint": {
        "en": "show the hint (a right answer then counts as Hard)",
        "zh": "显示提示（之后答对记为“困难”）",
    },
    "help.undo": {"en": "undo the last review", "zh": "撤销上一次复习"},
    "help.bury": {"en": "bury the card until tomorrow", "zh": "把卡片搁置到明天"},
    "help.suspend": {"en": "suspend the card", "zh": "暂停这张卡片"},
    "help.escape": {
        "en": "leave the answer line, then go back",
        "zh": "离开输入框，再按一次返回",
    },
    "help.language": {"en": "English → 中文 → both", "zh": "英文 → 中文 → 中英对照"},
    "help.theme": {"en": "dark / light theme", "zh": "深色 / 浅色主题"},
    "help.palette": {"en": "command palette", "zh": "命令面板"},
    "help.help": {"en": "this help", "zh": "本帮助"},
    "help.numbers": {
        "en": "numbers: decimals, fractions, powers of ten, percentages",
        "zh": "数字：小数、分数、科学计数法、百分数",
    },
    "help.vectors": {
        "en": "vectors and matrices (rows separated by ;)",
        "zh": "向量和矩阵（用 ; 分隔各行）",
    },
    "help.expressions": {
        "en": "expressions: ^ for powers, implicit multiplication, log is natural",
        "zh": "表达式：^ 表示乘方，可省略乘号，log 为自然对数",
    },
    "drill.title": {
        "en": "Drill the weakest cards (the schedule is not changed)",
        "zh": "强化练习最薄弱的卡片（不改变复习计划）",
    },
    "drill.count": {"en": "How many cards:", "zh": "卡片数量："},
    "drill.deck": {"en": "Deck: {deck}", "zh": "卡组：{deck}"},
    "drill.tag": {"en": "Tag: {tag}", "zh": "标签：{tag}"},
    "drill.empty": {
        "en": "Nothing to drill here: no cards match.",
        "zh": "没有可练习的卡片：没有匹配的卡片。",
    },
    "charts.heatmap": {
        "en": "Reviews over the past year: {total} · streak {streak} {streak:day|days}",
        "zh": "过去一年的复习：{total} 次 · 连续学习 {streak} 天",
    },
    "charts.weekdays": {"en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun", "zh": "周一,周二,周三,周四,周五,周六,周日"},
    "charts.heatmap_legend": {"en": "fewer", "zh": "少"},
    "charts.heatmap_most": {"en": "more (busiest day: {most})", "zh": "多（最多的一天：{most}）"},
    "charts.forecast": {
        "en": "Cards due over the next {days} {days:day|days} (most on one day: {most})",
        "zh": "未来 {days} 天到期的卡片（单日最多：{most}）",
    },
    "charts.forecast_axis": {
        "en": "today, then one bar a day; | marks each week",
        "zh": "从今天起每天一根柱；| 表示每周",
    },
    "charts.retention": {
        "en": "True retention per week, last {weeks} {weeks:week|weeks} (mature: interval ≥ {days} {days:day|days})",
        "zh": "每周真实记忆保持率，最近 {weeks} 周（成熟卡：间隔 ≥ {days} 天）",
    },
    "charts.young": {"en": "young", "zh": "新近卡"},
    "charts.mature": {"en": "mature", "zh": "成熟卡"},
    "charts.retention_axis": {
        "en": "        bars 70–100%, oldest week left; · no reviews that week",
        "zh": "        柱高 70%–100%，最早的一周在左；· 该周没有复习",
    },
    "charts.states": {"en": "Cards per deck by state", "zh": "各卡组卡片状态"},
    "charts.state.new": {"en": "new", "zh": "新卡"},
    "charts.state.learning": {"en": "learning", "zh": "学习中"},
    "charts.state.review": {"en": "review", "zh": "复习"},
    "charts.state.suspended": {"en": "suspended", "zh": "已暂停"},
    "charts.answer_time": {
        "en": "Mean time per answer, by card kind",
        "zh": "各类卡片的平均作答时间",
    },
    "charts.seconds": {"en": "{seconds} s ({answers} answers)", "zh": "{seconds} 秒（{answers} 次作答）"},
    "charts.kind.flashcard": {"en": "flashcard", "zh": "闪卡"},
    "charts.kind.choice": {"en": "choice", "zh": "选择题"},
    "charts.kind.numeric": {"en": "numeric", "zh": "数值题"},
    "charts.kind.expression": {"en": "expression", "zh": "表达式题"},
    "charts.kind.generated": {"en": "generated", "zh": "自动出题"},
    "charts.kind.template": {"en": "template", "zh": "模板题"},
    "charts.kind.code": {"en": "code", "zh": "编程题"},
    "stats.title": {"en": "Statistics", "zh": "统计"},
    "stats.totals": {
        "en": "Reviews: {total} in all, {today} today · Due today: {due} · "
        "Retention (30 days): {retention} · Streak: {streak} {streak:day|days}",
        "zh": "复习：共 {total} 次，今天 {today} 次 · 今日待复习：{due} · "
        "30 天记忆保持率：{retention} · 连续学习：{streak} 天",
    },
    "stats.reviews_chart": {
        "en": "Reviews per day, last {days} {days:day|days} (most: {most})",
        "zh": "最近 {days} 天每日复习量（最多：{most}）",
    },
    "stats.forecast_chart": {
        "en": "Cards due per day, next {days} {days:day|days} (most: {most})",
        "zh": "未来 {days} 天每日到期卡片（最多：{most}）",
    },
    "stats.decks": {"en": "Retention per deck (30 days)", "zh": "各卡组记忆保持率（30 天）"},
    "stats.deck_row": {
        "en": "{deck}: {retention} over {reviews} {reviews:review|reviews}",
        "zh": "{deck}：{reviews} 次复习，保持率 {retention}",
    },
    "stats.topics": {
        "en": "Accuracy per topic (answers graded by quizapp)",
        "zh": "各主题正确率（由 quizapp 评分的作答）",
    },
    "stats.topic_row": {
        "en": "{deck}: {percent}% ({correct} of {attempts})",
        "zh": "{deck}：{percent}%（{attempts} 次中答对 {correct} 次）",
    },
    "stats.families": {"en": "Accuracy per problem type", "zh": "各题型正确率"},
    "stats.family_row": {
        "en": "{family}: {percent}% ({correct} of {attempts})",
        "zh": "{family}：{percent}%（{attempts} 次中答对 {correct} 次）",
    },
    "stats.mistakes": {"en": "Most frequent mistakes", "zh": "最常见的错误"},
    "stats.mistake_row": {
        "en": "{mistake} ({count} of {attempts} answers to {family})",
        "zh": "{mistake}（{family}：{attempts} 道题中出现 {count} 次）",
    },
    "stats.none_yet": {"en": "Nothing yet.", "zh": "暂无数据。"},
    "browse.title": {"en": "Browse cards", "zh": "浏览卡片"},
    "browse.placeholder": {
        "en": "Search text in English or Chinese; #tag filters by tag",
        "zh": "搜索中英文内容；#标签 按标签筛选",
    },
    "browse.col.card": {"en": "Card", "zh": "卡片"},
    "browse.col.deck": {"en": "Deck", "zh": "卡组"},
    "browse.col.state": {"en": "State", "zh": "状态"},
    "browse.col.due": {"en": "Due", "zh": "到期"},
    "browse.col.lapses": {"en": "Lapses", "zh": "遗忘次数"},
    "browse.state.new": {"en": "new", "zh": "新卡"},
    "browse.state.learning": {"en": "learning", "zh": "学习中"},
    "browse.state.review": {"en": "review", "zh": "复习"},
    "browse.state.relearning": {"en": "relearning", "zh": "重新学习"},
    "browse.state.suspended": {"en": "suspended", "zh": "已暂停"},
    "browse.state.buried": {"en": "buried", "zh": "已搁置"},
    "browse.no_match": {"en": "No card matches.", "zh": "没有匹配的卡片。"},
    "browse.last_answers": {"en": "Last answers:", "zh": "最近作答："},
    "browse.never_reviewed": {"en": "Never reviewed.", "zh": "尚未复习。"},
    "browse.did.suspend": {
        "en": "Suspended {card}: left out of every session. u undoes.",
        "zh": "已暂停 {card}：不会出现在任何学习中。按 u 撤销。",
    },
    "browse.did.unsuspend": {
        "en": "Unsuspended {card}: back in the sessions. u undoes.",
        "zh": "已恢复 {card}：重新参与学习。按 u 撤销。",
    },
    "browse.did.bury": {
        "en": "Buried {card} until the next study day. u undoes.",
        "zh": "已搁置 {card}，直到下一个学习日。按 u 撤销。",
    },
    "browse.did.unbury": {
        "en": "Unburied {card}: back in today's sessions. u undoes.",
        "zh": "已取消搁置 {card}：今天可以再学习。按 u 撤销。",
    },
    "browse.undone": {"en": "Undone: {card} is as it was.", "zh": "已撤销：{card} 恢复原状。"},
    "browse.nothing_to_undo": {"en": "Nothing to undo here.", "zh": "这里没有可撤销的操作。"},
    "settings.title": {"en": "Settings", "zh": "设置"},
    "settings.language": {"en": "Language", "zh": "语言"},
    "settings.theme": {"en": "Theme", "zh": "主题"},
    "settings.theme.dark": {"en": "Dark", "zh": "深色"},
    "settings.theme.light": {"en": "Light", "zh": "浅色"},
    "settings.new_per_day": {"en": "New cards per day", "zh": "每日新卡上限"},
    "settings.reviews_per_day": {"en": "Reviews per day", "zh": "每日复习上限"},
    "settings.desired_retention": {
        "en": "Desired retention (0.7–0.97)",
        "zh": "目标记忆保持率（0.7–0.97）",
    },
    "settings.day_start_hour": {
        "en": "A study day starts at (hour)",
        "zh": "每个学习日的开始时间（点）",
    },
    "settings.how_to_save": {
        "en": "Enter or ctrl+s saves; escape goes back without saving.",
        "zh": "回车或 ctrl+s 保存；Esc 返回且不保存。",
    },
    "settings.not_a_number": {"en": "{name}: please type a number.", "zh": "{name}：请输入数字。"},
    "settings.saved": {"en": "Saved.", "zh": "已保存。"},
    "settings.workload": {
        "en": "Reviews over the next 30 days, estimated from your cards:\n{rows}",
        "zh": "按你的卡片估计的未来 30 天：\n{rows}",
    },
    "settings.workload_row": {
        "en": "at {retention}: on average {mean} per day, busiest day {peak}",
        "zh": "保持率 {retention}：平均每天 {mean} 次，最多的一天 {peak} 次",
    },
    "settings.workload_out_of_range": {
        "en": "Desired retention goes from 0.70 to 0.97.",
        "zh": "目标记忆保持率的范围是 0.70 到 0.97。",
    },
    "settings.parameters_default": {
        "en": "Memory model: FSRS's default parameters.",
        "zh": "记忆模型：FSRS 默认参数。",
    },
    "settings.parameters_fitted": {
        "en": "Memory model: fitted to your {reviews} {reviews:review|reviews} on {date}.",
        "zh": "记忆模型：{date} 按你的 {reviews} 次复习拟合。",
    },
    "settings.optimize": {"en": "Fit to my reviews", "zh": "按我的复习拟合"},
    "settings.apply": {"en": "Use the fitted parameters", "zh": "启用拟合出的参数"},
    "settings.undo_parameters": {"en": "Undo the last fit", "zh": "撤销上次拟合"},
    "settings.fitting": {"en": "Fitting…", "zh": "正在拟合……"},
    "settings.load_balance": {"en": "Even out busy days", "zh": "均衡每日复习量"},
    "settings.load_balance.on": {"en": "On", "zh": "开"},
    "settings.load_balance.off": {"en": "Off", "zh": "关"},
    "validate.title": {"en": "Deck validation", "zh": "卡组校验"},
    "validate.summary": {
        "en": "{decks} {decks:deck|decks}, {cards} {cards:card|cards} loaded; "
        "{errors} {errors:problem|problems}",
        "zh": "已加载 {decks} 个卡组、{cards} 张卡片；发现 {errors} 个问题",
    },
    "validate.clean": {"en": "Every deck file is valid.", "zh": "所有卡组文件均有效。"},
    "duration.seconds": {"en": "{n} s", "zh": "{n} 秒"},
    "duration.minutes": {"en": "{n} min", "zh": "{n} 分钟"},
    "duration.hours": {"en": "{h} h {m} min", "zh": "{h} 小时 {m} 分钟"},
    "when.now": {"en": "now", "zh": "现在"},
    "when.in": {"en": "in {interval}", "zh": "{interval}后"},
    "app.more_warnings": {
        "en": "… and {count} more (ctrl+p → Validate decks lists them all)",
        "zh": "……还有 {count} 条（ctrl+p → 校验卡组 可查看全部）",
    },
    "study.title": {"en": "Study", "zh": "学习"},
    "study.drill_title": {"en": "Drill (schedule unchanged)", "zh": "强化练习（不改变复习计划）"},
    "study.progress": {
        "en": "{deck} · done {done} · new {new} · learning {learning} · due {due}",
        "zh": "{deck} · 已完成 {done} · 新卡 {new} · 学习中 {learning} · 待复习 {due}",
    },
    "study.drill_progress": {
        "en": "{deck} · done {done} · left {remaining}",
        "zh": "{deck} · 已完成 {done} · 剩余 {remaining}",
    },
    "study.no_such_deck": {"en": "There is no deck {deck}.", "zh": "没有名为 {deck} 的卡组。"},
    "study.right_options": {"en": "Right: {options}", "zh": "正确选项：{options}"},
    "study.no_hint": {"en": "No hint for this card.", "zh": "这张卡片没有提示。"},
    "study.nothing_due_all": {
        "en": "Nothing to study today. Press d to drill the weakest cards anyway.",
        "zh": "今天没有要学的卡片。可以按 d 强化练习最薄弱的卡片。",
    },
    "study.nothing_due": {
        "en": "Nothing to study in this deck today. Press d to drill it anyway.",
        "zh": "这个卡组今天没有要学的卡片。可以按 d 进行强化练习。",
    },
    "study.hint_label": {"en": "Hint:", "zh": "提示："},
    "study.answer_label": {"en": "Answer", "zh": "答案"},
    "study.formula": {"en": "Formula:", "zh": "公式："},
    "study.why": {"en": "Why", "zh": "解析"},
    "study.solution": {"en": "Worked solution", "zh": "解题过程"},
    "study.partial": {"en": "({percent}% right)", "zh": "（对了 {percent}%）"},
    "study.read_as": {"en": "Read as: {echo}", "zh": "理解为：{echo}"},
    "study.not_counted": {
        "en": "Not counted: fix it and press enter again.",
        "zh": "不计入作答：修改后再按回车。",
    },
    "study.wrong_entries": {"en": "Wrong entries: {entries}", "zh": "错误的项：{entries}"},
    "study.expected": {"en": "Expected: {answer}", "zh": "正确答案：{answer}"},
    "study.placeholder.scalar": {
        "en": "a number, like 2.5, 1/8 or 2e-3 — enter checks",
        "zh": "输入一个数，如 2.5、1/8 或 2e-3——回车提交",
    },
    "study.placeholder.vector": {
        "en": "numbers, like [0.5, 1.2] or 0.5 1.2 — enter checks",
        "zh": "输入一组数，如 [0.5, 1.2] 或 0.5 1.2——回车提交",
    },
    "study.placeholder.matrix": {
        "en": "a matrix, like [[1, 2], [3, 4]] or 1 2; 3 4 — enter checks",
        "zh": "输入矩阵，如 [[1, 2], [3, 4]] 或 1 2; 3 4——回车提交",
    },
    "study.placeholder.labels": {
        "en": "one cluster label per point, like 0 1 1 0 — enter checks",
        "zh": "每个点一个簇标签，如 0 1 1 0——回车提交",
    },
    "study.placeholder.expression_number": {
        "en": "a number: a fraction like 1/3, or a decimal — enter checks",
        "zh": "一个数：分数（如 1/3）或小数——回车提交",
    },
    "study.placeholder.expression": {
        "en": "an expression in {variables} (^ for powers; log, exp, sqrt) — enter checks",
        "zh": "用 {variables} 写出表达式（^ 表示乘方；可用 log、exp、sqrt）——回车提交",
    },
    "study.instructions.flashcard": {
        "en": "Think of the answer, then press space to see it.",
        "zh": "先想一想答案，再按空格键查看。",
    },
    "study.instructions.choice": {
        "en": "Number keys toggle options; enter checks.",
        "zh": "按数字键选择选项，回车提交。",
    },
    "study.instructions.code": {
        "en": "Write the function in the editor; ctrl+r runs the tests, ctrl+e opens $EDITOR",
        "zh": "在编辑器中编写函数；ctrl+r 运行测试，ctrl+e 打开外部编辑器",
    },
    "study.code.proposed": {
        "en": "Proposed rating: {number} {name}. Press 1-4 to record it (or another), "
        "i to keep editing, ctrl+o for the model solution.",
        "zh": "建议评分：{number} {name}。按 1-4 记录（也可选其他评分），按 i 继续编辑，"
        "ctrl+o 查看参考解答。",
    },
    "study.code.no_editor": {
        "en": "Set $EDITOR (or $VISUAL) to the editor you want, e.g. export EDITOR=vim",
        "zh": "请把 $EDITOR（或 $VISUAL）设为你要用的编辑器，例如 export EDITOR=vim",
    },
    "study.code.no_suspend": {
        "en": "An external editor cannot be opened here (the app cannot suspend); use the "
        "editor on screen",
        "zh": "此处无法打开外部编辑器（应用无法挂起）；请使用屏幕上的编辑器",
    },
    "study.code.editor_failed": {
        "en": "Could not start the editor '{editor}': {reason}",
        "zh": "无法启动编辑器“{editor}”：{reason}",
    },
    "study.instructions.typed": {
        "en": "Type the answer, enter checks · ctrl+g hint · ctrl+z undo · esc leaves the input",
        "zh": "输入答案，回车提交 · ctrl+g 提示 · ctrl+z 撤销 · Esc 离开输入框",
    },
    "study.choose_one": {"en": "Choose one.", "zh": "单选。"},
    "study.choose_many": {"en": "Choose all that apply.", "zh": "多选：选出所有正确项。"},
    "study.choose_first": {"en": "Choose an option first.", "zh": "请先选择选项。"},
    "study.enter_next": {"en": "Enter: next card", "zh": "回车：下一张"},
    "study.checking": {"en": "Checking…", "zh": "正在检查……"},
    "study.undone": {"en": "Review undone", "zh": "已撤销上一次复习"},
    "study.buried": {"en": "Buried until tomorrow", "zh": "已搁置到明天"},
    "study.suspended": {"en": "Card suspended", "zh": "卡片已暂停"},
    "app.crashed": {
        "en": "quizapp stopped on an unexpected error ({kind}). Your reviews are saved. "
        "The details are in {log}; please include them in a bug report.",
        "zh": "quizapp 因意外错误（{kind}）停止。你的复习记录都已保存。"
        "详细信息在 {log}，反馈问题时请附上。",
    },
    "study.skipped": {
        "en": "Skipped card {card}: it could not be shown ({reason}).",
        "zh": "已跳过卡片 {card}：无法显示（{reason}）。",
    },
    "binding.palette": {"en": "Commands", "zh": "命令"},
    "binding.quit": {"en": "Quit", "zh": "退出"},
    "binding.back": {"en": "Back", "zh": "返回"},
    "binding.language": {"en": "Language", "zh": "语言"},
    "binding.theme": {"en": "Theme", "zh": "主题"},
    "binding.help": {"en": "Help", "zh": "帮助"},
    "binding.study": {"en": "Study", "zh": "学习"},
    "binding.study_all": {"en": "Study all", "zh": "全部学习"},
    "binding.drill": {"en": "Drill", "zh": "强化练习"},
    "binding.browse": {"en": "Browse", "zh": "浏览"},
    "binding.stats": {"en": "Stats", "zh": "统计"},
    "binding.settings": {"en": "Settings", "zh": "设置"},
    "binding.down": {"en": "Down", "zh": "下移"},
    "binding.up": {"en": "Up", "zh": "上移"},
    "binding.show_answer": {"en": "Show answer", "zh": "显示答案"},
    "binding.submit": {"en": "Check", "zh": "提交"},
    "binding.next": {"en": "Next", "zh": "下一张"},
    "binding.undo": {"en": "Undo", "zh": "撤销"},
    "binding.bury": {"en": "Bury", "zh": "搁置"},
    "binding.suspend": {"en": "Suspend", "zh": "暂停"},
    "binding.hint": {"en": "Hint", "zh": "提示"},
    "binding.run_tests": {"en": "Run tests", "zh": "运行测试"},
    "binding.open_editor": {"en": "$EDITOR", "zh": "外部编辑器"},
    "binding.edit_code": {"en": "Edit code", "zh": "编辑代码"},
    "binding.show_solution": {"en": "Solution", "zh": "参考解答"},
    "binding.again": {"en": "Again", "zh": "重来"},
    "binding.hard": {"en": "Hard", "zh": "困难"},
    "binding.good": {"en": "Good", "zh": "良好"},
    "binding.easy": {"en": "Easy", "zh": "简单"},
    "binding.toggle_option": {"en": "Toggle option", "zh": "选择选项"},
    "binding.toggle_suspend": {"en": "Suspend/unsuspend", "zh": "暂停/恢复"},
    "binding.toggle_bury": {"en": "Bury/unbury", "zh": "搁置/取消搁置"},
    "binding.search": {"en": "Search", "zh": "搜索"},
    "binding.save": {"en": "Save", "zh": "保存"},
    "binding.reload": {"en": "Reload decks", "zh": "重新加载卡组"},
}


class _CountedWords(string.Formatter):
    """``str.format`` plus ``{count:one|other}``: the singular when count is 1."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_COUNTED = _CountedWords()


def _format(template: str, values: dict[str, object]) -> str:
    if "|" in template:
        return _COUNTED.format(template, **values)
    return template.format(**values)


def t(key: str, lang: Lang = "en", /, **values: object) -> str:
    """Return the catalog string ``key`` in ``lang``, formatted with ``values``.

    Args:
        key: a catalog key such as ``"cli.error"``.
        lang: ``"en"``, ``"zh"``, or ``"both"`` (English, then Chinese on the next line).
        **values: placeholder values.

    Returns:
        The formatted string. An unknown key raises KeyError (a test keeps the catalog
        complete, so that is a programming error, not a learner's).
    """
    entry = CATALOG[key]
    if lang == "both":
        english, chinese = _format(entry["en"], values), _format(entry["zh"], values)
        return english if english == chinese else f"{english}\n{chinese}"
    return _format(entry[lang], values)


def pick(text: dict[str, str], lang: Lang = "en") -> str:
    """Choose from bilingual content text (a card's or a problem's ``{"en", "zh"}``).

    Falls back to whichever language exists when the asked one is missing (a custom
    deck may have only one).
    """
    english, chinese = text.get("en") or "", text.get("zh") or ""
    if lang == "both":
        if english and chinese and english != chinese:
            return f"{english}\n{chinese}"
        return english or chinese
    if lang == "zh":
        return chinese or english
    return english or chinese


#: Full-width punctuation: it carries its own space, so none follows it.
FULL_WIDTH_PUNCTUATION = frozenset("。，、；：！？）」』》（「『《【】")


def space_after(text: str) -> str:
    """The space that goes between ``text`` and what follows it on the same line.

    One space, except after full-width punctuation ("答案：0.25", not "答案： 0.25").
    """
    return "" if text[-1:] in FULL_WIDTH_PUNCTUATION else " "
