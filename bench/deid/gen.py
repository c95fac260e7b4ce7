"""Generates the de-identification benchmark's datasets (bench/deid, issue #15):
a seeded, deterministic CSV of N person records with six quasi-identifiers of
realistic cardinalities and two sensitive attributes.

  sex (2) · age_band (5-year bands, 18) · district (16, a municipality's) ·
  education (7, GB/T 4658 levels) · occupation (8, the major groups of the
  Chinese occupational classification) · marital (4)  — quasi-identifiers
  diagnosis (30, disease chapters) · income_band (10)    — sensitive

Distributions are skewed (a population pyramid, a few populous districts…)
so some classes are small. No cell is empty (pandas would read it as NaN and
pycanon's groupby would drop the row, while govshare counts it).

Usage: python bench/deid/gen.py --rows 100000 --seed 100000 --out data/deid-100k.csv
"""

import argparse

import numpy as np

SEX = (["男", "女"], [0.51, 0.49])
AGE = (
    [f"{a}-{a + 4}" for a in range(0, 85, 5)] + ["85+"],
    [5.5, 5.8, 5.6, 5.4, 6.2, 7.4, 8.1, 7.6, 7.2, 7.9, 8.3, 7.0, 5.4, 4.6, 3.3, 2.2, 1.4, 1.1],
)
DISTRICT = (
    ["东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区",
     "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区"],
    [3.2, 5.0, 15.9, 9.2, 2.6, 14.3, 1.8, 6.0, 8.4, 6.1, 10.3, 9.8, 2.0, 2.1, 2.4, 1.6],
)
EDUCATION = (["未上过学", "小学", "初中", "高中", "大学专科", "大学本科", "研究生"], [2.7, 14.0, 27.5, 19.0, 14.0, 18.5, 4.3])
OCCUPATION = (
    ["党政机关负责人", "专业技术人员", "办事人员", "社会生产服务人员", "农林牧渔业人员",
     "生产制造人员", "军人", "不便分类人员"],
    [2.5, 19.0, 12.0, 33.0, 6.0, 17.0, 0.5, 10.0],
)
MARITAL = (["未婚", "有配偶", "离婚", "丧偶"], [24.0, 66.0, 5.5, 4.5])
DIAGNOSIS = ([f"ICD10-{c:02d}" for c in range(1, 31)], [1.0 / (i + 1) ** 0.8 for i in range(30)])
INCOME = ([f"Q{d:02d}" for d in range(1, 11)], [1.0] * 10)

COLUMNS = [
    ("sex", SEX), ("age_band", AGE), ("district", DISTRICT), ("education", EDUCATION),
    ("occupation", OCCUPATION), ("marital", MARITAL), ("diagnosis", DIAGNOSIS), ("income_band", INCOME),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    cols = []
    for _, (values, weights) in COLUMNS:
        w = np.asarray(weights, dtype=float)
        cols.append(np.asarray(values, dtype=object)[rng.choice(len(values), size=a.rows, p=w / w.sum())])
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(name for name, _ in COLUMNS) + "\n")
        step = 100_000
        for s in range(0, a.rows, step):
            f.write("".join(",".join(r) + "\n" for r in zip(*(c[s:s + step] for c in cols))))


if __name__ == "__main__":
    main()
