"""The glossary of Chinese terms: well formed, and its matcher finds what it lists."""

from quizapp.glossary import GLOSSARY_PATH, misuses, terms


def test_the_glossary_ships_with_the_package_and_lists_the_core_terms() -> None:
    assert GLOSSARY_PATH.parent.name == "quizapp"
    preferred = {term.zh for term in terms()}
    assert {
        "合页损失",
        "类别合页损失",
        "平方合页损失",
        "簇内平方和",
        "模式覆盖",
        "模式寻求",
        "Gap 统计量",
        "损失函数",
        "交叉熵",
        "梯度消失",
        "梯度爆炸",
        "主成分分析",
        "协方差矩阵",
        "学习率",
        "动量",
        "批归一化",
        "层归一化",
    } <= preferred


def test_no_preferred_term_contains_a_variant_to_avoid() -> None:
    """Otherwise writing the preferred term would itself be reported."""
    for term in terms():
        assert term.avoid, term.en
        assert misuses(term.zh) == [], term.zh


def test_each_concept_has_one_preferred_term() -> None:
    names = [term.en for term in terms()]
    assert len(names) == len(set(names))
    assert len({term.zh for term in terms()}) == len(names)


def test_misuses_name_the_variant_and_the_preferred_term() -> None:
    [found] = misuses("按 Keras 的定义计算分类 Hinge 损失。")
    assert (found.variant, found.preferred) == ("hinge 损失", "合页损失")
    assert {m.preferred for m in misuses("前向 KL 是覆盖众数的，反向 KL 是寻找众数的")} == {
        "模式覆盖",
        "模式寻求",
    }
    assert [m.preferred for m in misuses("间隔统计量")] == ["Gap 统计量"]
    assert misuses("支持向量机的间隔；Gap 统计量；簇内平方和；类别合页损失") == []
