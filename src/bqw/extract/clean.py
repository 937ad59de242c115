"""Clean-up that never moves a character: the normalised text has the same length as
the original, so every offset found in it is an offset in the user's text.

- ASCII and full-width punctuation are folded to one form (real sources mix them); every
  fold is NFKC-equivalent to the original character, so a name read from the normalised
  text is still the report's own wording;
- full-width digits and letters become ASCII;
- page junk lines (``##paidend##``, ``此处隐藏…字``, bylines of web pages) become blanks.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans(
    {
        ",": "，",
        ";": "；",
        ":": "：",
        "(": "（",
        ")": "）",
        "!": "！",
        "?": "？",
        "｡": "。",
        "．": ".",
        "％": "%",
        "＋": "+",
        "－": "-",
        "～": "~",
        "﹙": "（",
        "﹚": "）",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    }
)
# A comma between digit groups (1,234) is a thousands separator, not a clause break.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_JUNK_LINE = re.compile(
    r"^[ \t\u3000]*(?:##\w+##.*|.*此处隐藏.*字.*"
    r"|(?:责任编辑|来源|发布时间|发布日期|编辑|字号|点击次数|分享到)\s*[:：].{0,60})$",
    re.MULTILINE,
)


def normalise(text: str) -> str:
    """Return ``text`` with punctuation folded and junk blanked, keeping every offset.

    >>> normalise('增长3.9%,全市第一') == '增长3.9%，全市第一'
    True
    """
    folded = text.translate(_FOLD)
    if "," in text:
        chars = list(folded)
        for match in _THOUSANDS.finditer(text):
            chars[match.start()] = ","
        folded = "".join(chars)
    folded = _fold_quotes(folded)
    return _JUNK_LINE.sub(lambda match: " " * len(match.group()), folded)


def _fold_quotes(text: str) -> str:
    """Straight double quotes become “ and ” in turn within each line."""
    if '"' not in text:
        return text
    out = []
    opened = False
    for ch in text:
        if ch == '"':
            out.append("”" if opened else "“")
            opened = not opened
        else:
            if ch == "\n":
                opened = False
            out.append(ch)
    return "".join(out)
