"""The tiny hand-made graph and the sample reports the analytics tests use."""

from __future__ import annotations

#: Three sample reports of different kinds (a district, a village, a county summary).
SAMPLE_REPORTS = (
    "2024-12-mazhang-district.txt",
    "2024-10-hongfeng-village-kaiping.txt",
    "2023-11-huizhou-counties.txt",
)

BQW = "https://w3id.org/bqw/ontology#"
ID = "https://example.org/id/"
TINY_GRAPH = "https://example.org/graph/report/tiny.txt"
OTHER_GRAPH = "https://example.org/graph/report/other.txt"


def tiny_lines() -> tuple[list[str], list[str]]:
    """Two report graphs: a village in a town in a county, a project there, a policy, mentions.

    Report ``tiny.txt``: 村 partOf 镇 partOf 县; 项目 locatedIn 村; 项目 implements 政策;
    sentence s1 mentions 村 and 项目 twice over (two mentions each), s2 mentions 村 and 政策.
    Report ``other.txt``: 机构 alone, with a fact pointing at an Amount (not an entity).
    """
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    tiny = [
        f"<{ID}village> {a} <{BQW}Village> .",
        f'<{ID}village> {label} "文章村"@zh .',
        f"<{ID}town> {a} <{BQW}Town> .",
        f'<{ID}town> {label} "湖光镇"@zh .',
        f"<{ID}county> {a} <{BQW}County> .",
        f'<{ID}county> {label} "麻章区"@zh .',
        f"<{ID}project> {a} <{BQW}Project> .",
        f'<{ID}project> {label} "文章村示范项目"@zh .',
        f"<{ID}policy> {a} <{BQW}Policy> .",
        f'<{ID}policy> {label} "百千万工程"@zh .',
        f"<{ID}village> <{BQW}partOf> <{ID}town> .",
        f"<{ID}town> <{BQW}partOf> <{ID}county> .",
        f"<{ID}project> <{BQW}locatedIn> <{ID}village> .",
        f"<{ID}project> <{BQW}implements> <{ID}policy> .",
        f'<{ID}s1> <{BQW}text> "文章村建设示范项目。" .',
        f'<{ID}s1> <{BQW}index> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        f"<{ID}s1> <{BQW}inDocument> <{ID}doc> .",
        f'<{ID}s2> <{BQW}text> "文章村落实百千万工程。" .',
        f'<{ID}s2> <{BQW}index> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        f"<{ID}s2> <{BQW}inDocument> <{ID}doc> .",
        f'<{ID}doc> <http://purl.org/dc/terms/source> "tiny.txt" .',
    ]
    for number, (entity, sentence) in enumerate(
        [
            ("village", "s1"),
            ("village", "s1"),
            ("project", "s1"),
            ("project", "s1"),
            ("village", "s2"),
            ("policy", "s2"),
        ]
    ):
        tiny += [
            f"<{ID}m{number}> {a} <{BQW}Mention> .",
            f"<{ID}m{number}> <{BQW}refersTo> <{ID}{entity}> .",
            f"<{ID}m{number}> <{BQW}inSentence> <{ID}{sentence}> .",
        ]
    other = [
        f"<{ID}org> {a} <{BQW}Organization> .",
        f'<{ID}org> {label} "市委宣传部"@zh .',
        f"<{ID}org> <{BQW}investment> <{ID}amount> .",
        f"<{ID}amount> {a} <{BQW}Amount> .",
    ]
    return tiny, other
