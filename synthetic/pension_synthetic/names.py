"""Chinese personal and place names for the synthetic population, drawn from frequency-weighted pools."""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate
from typing import Final

from pension_kit.identifiers import MIDDLE_DOT
from pension_synthetic.records import Sex

# Surnames with rough relative frequencies (per ten thousand people), Henan-flavoured.
_SURNAME_WEIGHTS: Final = (
    ("王", 760), ("李", 720), ("张", 700), ("刘", 560), ("陈", 420), ("杨", 310), ("赵", 220),
    ("黄", 180), ("周", 170), ("吴", 160), ("徐", 130), ("孙", 130), ("马", 130), ("朱", 120),
    ("胡", 110), ("郭", 130), ("何", 90), ("高", 100), ("林", 60), ("罗", 80), ("郑", 90),
    ("梁", 70), ("谢", 60), ("宋", 80), ("唐", 60), ("许", 70), ("韩", 60), ("冯", 60),
    ("邓", 50), ("曹", 60), ("彭", 45), ("曾", 30), ("肖", 45), ("田", 55), ("董", 55),
    ("袁", 45), ("潘", 35), ("于", 45), ("蒋", 35), ("蔡", 35), ("余", 35), ("杜", 45),
    ("叶", 30), ("程", 40), ("苏", 40), ("魏", 45), ("吕", 40), ("丁", 40), ("任", 40),
    ("沈", 25), ("姚", 35), ("卢", 35), ("姜", 30), ("崔", 35), ("钟", 20), ("谭", 20),
    ("陆", 20), ("汪", 25), ("范", 35), ("金", 25), ("石", 30), ("廖", 15), ("贾", 35),
    ("夏", 30), ("韦", 10), ("付", 35), ("方", 25), ("白", 30), ("邹", 20), ("孟", 35),
    ("熊", 20), ("秦", 30), ("邱", 20), ("江", 20), ("尹", 20), ("薛", 25), ("闫", 30),
    ("段", 25), ("雷", 20), ("侯", 25), ("龙", 10), ("史", 25), ("陶", 15), ("黎", 10),
    ("贺", 20), ("顾", 15), ("毛", 20), ("郝", 25), ("龚", 10), ("邵", 15), ("万", 15),
    ("钱", 10), ("严", 10), ("武", 25), ("戴", 15), ("孔", 20), ("常", 25), ("葛", 15),
    ("牛", 25), ("岳", 15), ("耿", 15), ("申", 15), ("欧阳", 2), ("司马", 1), ("诸葛", 1),
    ("上官", 1),
)  # fmt: skip
SURNAMES: Final = tuple(name for name, _ in _SURNAME_WEIGHTS)
_SURNAME_CUMULATIVE: Final = tuple(accumulate(weight for _, weight in _SURNAME_WEIGHTS))

# Characters of given names by sex and the era of birth: before 1960, 1960-1984, 1985 onwards.
_GIVEN_CHARS: Final[dict[tuple[Sex, int], str]] = {
    ("M", 0): "建国军民华明富贵德福荣发春生忠义林山成文广志学金新保长海水顺全银财庆有",
    ("M", 1): "伟强军勇刚平斌磊杰涛明辉鹏峰波华建海东红林宏卫新亮超永俊龙国胜利彬",
    ("M", 2): "浩宇轩博涛鑫磊杰鹏昊宁晨阳帅凯亮超强文一子俊泽家佳天嘉豪毅旭瑞奥",
    ("F", 0): "秀英兰桂玉凤珍梅花芳云翠淑素芝霞萍琴春月荣娥巧",
    ("F", 1): "丽艳敏静燕红霞娟芳玲萍琳洁梅莉英春丹凤华慧颖晶琴",
    ("F", 2): "婷雪欣怡琪倩悦静晶娜颖璐蕾丹萌佳雨梦思子涵萱瑶琳月洁露欢",
}
# Whole given names that were very common in each era (used for about a third of two-character names).
_GIVEN_NAMES: Final[dict[tuple[Sex, int], tuple[str, ...]]] = {
    ("M", 0): ("建国", "建华", "国强", "国庆", "德福", "富贵", "长生", "金山", "春生", "保国", "振华",
               "文明", "志强", "建军", "卫东", "红旗", "跃进", "援朝", "爱国", "福全"),
    ("M", 1): ("建军", "建伟", "志强", "海涛", "卫东", "红军", "永强", "国栋", "俊杰", "小龙", "东升"),
    ("M", 2): ("子豪", "浩然", "宇轩", "俊杰", "家豪", "一鸣", "天宇", "博文", "晨阳", "子轩"),
    ("F", 0): ("秀英", "桂英", "秀兰", "玉兰", "桂兰", "凤英", "玉珍", "秀珍", "桂珍", "淑珍", "玉梅",
               "秀梅", "凤兰", "翠花", "桂花", "金花", "春花", "月英", "素梅", "兰英", "秀云", "玉英"),
    ("F", 1): ("丽娟", "海燕", "艳红", "秀丽", "春燕", "晓燕", "丽丽", "红梅", "小红", "玉霞", "静静"),
    ("F", 2): ("婷婷", "欣怡", "雨涵", "梦琪", "思雨", "佳怡", "子涵", "诗涵", "丹丹", "娜娜", "雪莹"),
}  # fmt: skip
# Names in the minority form "given name·father's name" (Uyghur naming), joined by U+00B7.
_MINORITY_GIVEN: Final[dict[Sex, tuple[str, ...]]] = {
    "M": ("买买提", "艾力", "阿不都热依木", "吐尔逊", "艾合买提", "努尔艾力", "阿里木", "伊力哈木",
          "艾尔肯", "肉孜", "库尔班", "热合曼"),
    "F": ("阿依古丽", "古丽娜尔", "帕提古丽", "热娜古丽", "阿依努尔", "迪丽努尔", "古丽巴哈尔",
          "米热古丽", "努尔古丽", "祖丽皮亚"),
}  # fmt: skip
_MINORITY_FATHER: Final = ("买买提", "吐尔逊", "艾山", "阿不都拉", "玉素甫", "阿布力孜", "肉孜", "司马义",
                           "热合曼", "库尔班", "艾则孜", "托合提")  # fmt: skip
MINORITY_SHARE: Final = 0.03

# Place-name parts for townships and villages.
_TOWNSHIP_FIRST: Final = "东西南北高李王张刘杨陈辛新老大小双万金玉石青白黄马杜郭朱韩邵十三"
_TOWNSHIP_SECOND: Final = "店庄集营寨桥庙湖埠岗铺楼河湾坡屯堂园台口镇屯沟"
_VILLAGE_PREFIX: Final = "大小前后东西南北新老上下"
_VILLAGE_SUFFIX: Final = ("庄", "营", "寨", "楼", "湾", "岗", "店", "集", "桥", "庙", "洼", "园", "屯", "坡",
                          "堂", "铺", "庄", "庄", "寨", "楼")  # fmt: skip


def _era(birth_year: int) -> int:
    return 0 if birth_year < 1960 else 1 if birth_year < 1985 else 2


def surname(rng: random.Random) -> str:
    """A surname, frequency-weighted."""
    return SURNAMES[bisect_right(_SURNAME_CUMULATIVE, rng.random() * _SURNAME_CUMULATIVE[-1])]


def person_name(rng: random.Random, sex: Sex, birth_year: int) -> str:
    """A person's name in the style of their sex and era; about 3% in the minority form with `·`."""
    draw = rng.random()
    if draw < MINORITY_SHARE:
        given_pool = _MINORITY_GIVEN[sex]
        given = given_pool[int(draw / MINORITY_SHARE * len(given_pool))]
        return given + MIDDLE_DOT + _MINORITY_FATHER[int(rng.random() * len(_MINORITY_FATHER))]
    family = surname(rng)
    key = (sex, _era(birth_year))
    chars = _GIVEN_CHARS[key]
    if draw < 0.30:  # a one-character given name
        return family + chars[int(rng.random() * len(chars))]
    if draw < 0.55:
        names = _GIVEN_NAMES[key]
        return family + names[int(rng.random() * len(names))]
    pick = rng.random() * len(chars) * len(chars)
    first = int(pick / len(chars))
    second = int(pick) % len(chars)
    return family + chars[first] + chars[second]


def township_name(rng: random.Random, town: bool) -> str:
    """A township's name, ending 镇 (a town) or 乡."""
    first = _TOWNSHIP_FIRST[int(rng.random() * len(_TOWNSHIP_FIRST))]
    second = _TOWNSHIP_SECOND[int(rng.random() * len(_TOWNSHIP_SECOND))]
    return first + second + ("镇" if town else "乡")


def village_name(rng: random.Random) -> str:
    """A village's name such as 王庄村 or 后刘寨村."""
    prefix = _VILLAGE_PREFIX[int(rng.random() * len(_VILLAGE_PREFIX))] if rng.random() < 0.3 else ""
    suffix = _VILLAGE_SUFFIX[int(rng.random() * len(_VILLAGE_SUFFIX))]
    return prefix + surname(rng) + suffix + "村"
