"""Plausible personal data: Chinese names, mobile numbers and Yongding-district ID numbers."""
import random
from datetime import date, timedelta
from itertools import accumulate

# Surnames common in Zhangjiajie (Tujia and Han), with rough weights.
SURNAMES = (
    ("覃", 9), ("向", 9), ("田", 8), ("彭", 7), ("李", 7), ("王", 6), ("张", 6), ("杨", 6), ("吴", 5), ("龚", 4),
    ("卓", 3), ("谷", 3), ("熊", 3), ("宋", 3), ("刘", 4), ("陈", 3), ("黄", 3), ("周", 3), ("胡", 2), ("唐", 2),
    ("钟", 2), ("朱", 2), ("邓", 2), ("符", 1), ("滕", 1), ("欧阳", 1),
)
GIVEN = (
    "建国", "国华", "志强", "永红", "春花", "秋菊", "海军", "明", "军", "勇", "伟", "芳", "敏", "丽", "静", "磊", "涛",
    "玉兰", "桂英", "德胜", "家富", "开林", "光辉", "云", "琴", "小平", "红梅", "金凤", "世杰", "祖文", "先进", "昌盛",
    "大勇", "宏", "俊", "婷", "雪梅", "兴旺", "庆林", "成", "中华", "文斌", "丹", "莉", "建华", "秀英", "长青", "正华",
    "远航", "子豪", "雨欣", "思远", "梦瑶", "浩然", "佳怡", "宇航", "林峰", "朝阳", "翠兰", "满秀", "碧云", "代福",
)
MOBILE_PREFIXES = ("13", "15", "18")
ID_REGION = "430802"  # 湖南省张家界市永定区
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

_SURNAME_NAMES = tuple(name for name, _ in SURNAMES)
_SURNAME_CUM = tuple(accumulate(weight for _, weight in SURNAMES))


class People:
    """Draws names, phones and ID numbers from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def surname(self) -> str:
        return self.rng.choices(_SURNAME_NAMES, cum_weights=_SURNAME_CUM)[0]

    def name(self, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.rng.choice(GIVEN)

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + str(self.rng.randrange(100_000_000, 1_000_000_000))

    def id_number(self, born: date) -> str:
        body = f"{ID_REGION}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]

    def birth_date(self, on: date, min_age: int, max_age: int) -> date:
        return on - timedelta(days=self.rng.randrange(min_age * 365, max_age * 365))
