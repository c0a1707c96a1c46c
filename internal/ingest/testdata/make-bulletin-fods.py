#!/usr/bin/env python3
"""Writes bulletin-jiangmen-2023-06.fods: a statistics bureau bulletin typed the way the bureau
lays it out (figures illustrative, not official). LibreOffice then saves it as .xlsx:

    python3 make-bulletin-fods.py
    soffice --headless --convert-to xlsx bulletin-jiangmen-2023-06.fods

A cell is a float, a str (typed as text: "4.7%", "520.3" stay text in the .xlsx), None (empty),
or ("merge", text, cols, rows) for a merged range starting there.
"""
from xml.sax.saxutils import escape

M = "merge"
region_sheet = ("各县（市、区）", 16, [
    [(M, "2023年1-6月江门市各县（市、区）主要经济指标", 16, 1)],
    [None] * 15 + ["单位：亿元、%"],
    [(M, "地  区", 1, 2), (M, "地区生产总值", 2, 1), None, (M, "规模以上工业增加值", 2, 1), None,
     (M, "固定资产投资", 2, 1), None, "其中：工业投资", (M, "社会消费品零售总额", 3, 1), None, None,
     (M, "外贸进出口总额", 2, 1), None, (M, "一般公共预算收入", 2, 1), None, None],
    [None, "绝对值", "增长(%)", "增长(%)", "排名", "增长(%)", "排名", "增长(%)", "绝对值", "增长(%)", "位次",
     "绝对值", "增长(%)", "绝对值", "增长(%)"],
    ["全  市", 1840.5, 4.5, "3.6", None, -2.1, None, 6.8, 635.6, "5.9%", None, 755.3, -4.2, 118.4, 5.1],
    ["蓬 江 区", "520.3", 4.1, 2.0, 6, -5.0, 7, 1.2, 190.2, 5.1, 5, 260.1, -6.0, 30.2, 4.0],
    ["江 海 区", 155.1, 3.8, 6.3, 2, 3.3, 2, 15.2, "—", "—", "—", 120.4, 2.1, 12.1, 6.2],
    ["新 会 区", 420.2, 5.2, 5.1, 3, 1.2, 3, 10.1, 130.1, 6.2, 2, 150.0, -3.3, 26.3, 5.5],
    ["台 山 市", 230.4, 4.6, 4.2, 4, -0.8, 4, 4.4, 85.3, 5.5, 3, 70.2, -1.0, 15.4, 5.0],
    ["开 平 市", 190.6, 4.9, 7.1, 1, 5.6, 1, 20.3, 80.1, 6.8, 1, 80.5, 1.5, 13.0, 6.1],
    ["鹤 山 市", 223.83, "4.7%", 3.0, 5, -3.2, 5, 8.9, 70.13, "5.4", 4, 50.3, -8.1, 12.9, 4.8],
    ["恩 平 市", 100.07, 3.2, -1.5, 7, -6.5, 6, -2.0, 49.7, 4.2, 6, 23.8, 0.5, 8.5, 3.9],
    [],
    [(M, "注：1. 地区生产总值为初步核算数，增速按可比价格计算。", 16, 1)],
    [(M, "2. “—”表示该数据未公布。", 16, 1)],
])
county_sheet = ("鹤山市", 6, [
    [(M, "2023年上半年鹤山市主要经济指标", 6, 1)],
    [None] * 5 + ["单位：亿元、%"],
    ["指  标", "单位", "6月", "同比增长(%)", "1-6月", "同比增长(%)"],
    ["地区生产总值", "亿元", "—", "—", 223.83, 4.7],
    ["规模以上工业增加值", "亿元", 9.8, 2.1, 55.2, 3.0],
    ["固定资产投资", "%", "—", "—", "—", "-3.2"],
    ["  其中：工业投资", "%", "—", "—", "—", 8.9],
    ["社会消费品零售总额", "万元", 119800, 5.0, "701300", 5.4],
    ["外贸进出口总额", "亿元", 8.7, -10.2, 50.3, -8.1],
    ["一般公共预算收入", "万元", 21500, 4.6, 129000, 4.8],
    ["农林牧渔业总产值", "亿元", "—", "—", 25.6, 4.4],
    [],
    [(M, "注：农林牧渔业总产值按季度核算。", 6, 1)],
])


def cell(v):
    if v is None:
        return "<table:table-cell/>"
    if isinstance(v, tuple):
        _, text, cols, rows = v
        return (f'<table:table-cell table:number-columns-spanned="{cols}" table:number-rows-spanned="{rows}" '
                f'office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>')
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'


def table(name, width, rows):
    covered = set()  # (r, c) hidden under a merge
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, tuple):
                for dr in range(v[3]):
                    for dc in range(v[2]):
                        if dr or dc:
                            covered.add((r + dr, c + dc))
    out = [f'<table:table table:name="{escape(name)}">', f'<table:table-column table:number-columns-repeated="{width}"/>']
    for r, row in enumerate(rows):
        out.append("<table:table-row>")
        for c in range(width):
            v = row[c] if c < len(row) else None
            out.append("<table:covered-table-cell/>" if (r, c) in covered else cell(v))
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "\n".join(out)


doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet>
{table(*region_sheet)}
{table(*county_sheet)}
</office:spreadsheet></office:body></office:document>
"""
open("bulletin-jiangmen-2023-06.fods", "w", encoding="utf-8").write(doc)
