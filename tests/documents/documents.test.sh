#!/usr/bin/env bash
# documents.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# `xiufu run --documents DIR` over the Baoshan and Yongchang fixtures:
#   * baoshan.sql on 2022-06-30 (发改办财金〔2019〕527号): the files written and only
#     those; every CSV starts with a byte order mark, ends its rows with CRLF, has the
#     attachment's header row exactly, quotes a field with a comma and a quote, guards
#     a code of digits only; known values of the ledgers (附件3、附件4) and the
#     statistics (附件1、附件2); notice 1 (附件5) byte for byte against
#     golden/baoshan_notice_1.txt;
#   * the interpreter writes the same files as the JIT;
#   * baoshan.sql on 2024-06-30: the notice and the categories follow 第58号令;
#   * before the plan (2022-05-01): no documents;
#   * yongchang.sql on 2024-09-30: 附件2 for the publicized penalties only;
#   * a folder that cannot be made fails the run, naming it.
set -euo pipefail

. "$(dirname "$0")/../lib/args.sh" "$@"
here=$src/tests/documents
command -v python3 >/dev/null || { echo "FAIL: python3 is needed" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "FAIL: sqlite3 is needed" >&2; exit 1; }

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

make_db() { # NAME FIXTURE
  sqlite3 "$work/$1.db" < "$src/runtime/records.sql"
  sqlite3 "$work/$1.db" < "$2"
}
make_db baoshan "$here/baoshan.sql"
make_db yongchang "$here/yongchang.sql"

baoshan_run() { # AS_OF DOCS [ENGINE...]
  local as_of=$1 docs=$2
  shift 2
  "$xiufu" run --quiet "$@" -p "$src/policies/national" "$src/policies/heilongjiang/baoshan.xf" \
    -d "$work/baoshan.db" --as-of "$as_of" -o "$work/baoshan-out.db" --documents "$docs" \
    || fail "baoshan run on $as_of ($*) exited $?"
}

# ---- Baoshan, 2022-06-30 -------------------------------------------------------------
baoshan_run 2022-06-30 "$work/docs"
baoshan_run 2022-06-30 "$work/docs-interp" --engine interp
diff -r "$work/docs" "$work/docs-interp" > "$work/engines.diff" || fail "the interpreter's documents differ from the JIT's: $work/engines.diff"

if ! cmp -s "$here/golden/baoshan_notice_1.txt" "$work/docs/行政处罚信用修复告知书/1.txt"; then
  fail "notice 1 differs from golden/baoshan_notice_1.txt:"
  diff "$here/golden/baoshan_notice_1.txt" "$work/docs/行政处罚信用修复告知书/1.txt" >&2 || true
fi

python3 - "$work/docs" <<'PY' || failures=$((failures + 1))
import csv, io, os, sys

docs = sys.argv[1]
errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)

files = sorted(os.path.relpath(os.path.join(d, f), docs) for d, _, fs in os.walk(docs) for f in fs)
want = sorted([
    "全区市场主体行政处罚统计表.csv", "全区行业严重失信主体名单统计表.csv",
    "市场主体行政处罚信用修复工作台账.csv", "严重失信市场主体信用修复工作台账.csv",
    # penalties 1-3; not 4 (不得提前修复), 5 (简易程序, not publicized), 6 (not Baoshan's)
    "行政处罚信用修复告知书/1.txt", "行政处罚信用修复告知书/2.txt", "行政处罚信用修复告知书/3.txt",
])
check(files == want, "files: %s, want %s" % (files, want))

def table(name, header):
    raw = open(os.path.join(docs, name), "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), name + ": no byte order mark")
    check(raw.endswith(b"\r\n"), name + ": last row does not end with CRLF")
    # no field of these fixtures holds a line break: every LF ends a row, after a CR
    check(raw.count(b"\n") == raw.count(b"\r\n"), name + ": a line ends without CR")
    text = raw[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(rows and rows[0] == header, "%s: header %s, want %s" % (name, rows[0] if rows else None, header))
    return text, rows[1:]

# 附件3
text, rows = table("市场主体行政处罚信用修复工作台账.csv", [
    "序号", "企业名称", "统一社会信用代码", "行政处罚决定书文号", "行政处罚可修复时间", "企业修复意愿（是/否）",
    "计划完成修复时间", "工作进展（1已告知/2处罚整改/3已申请/4已完成）", "责任部门/处室", "责任人及电话",
    "企业负责人及电话", "备注"])
check('1,"双鸭山市宝山区某某""示范"",有限公司",91230506MA1C7L3X8L,' in text,
      "附件3: the name with a comma and quotes is not quoted as RFC 4180 says")
check(',"=""912305063300112340""",' in text, "附件3: a code of digits only is not guarded for Excel")
by_no = {r[3]: r for r in rows}
check(sorted(by_no) == sorted(["宝税罚〔2022〕12号", "宝应急罚〔2022〕3号", "宝应急罚〔2018〕21号", "宝应急罚〔2022〕5号"]),
      "附件3: rows %s" % sorted(by_no))
expect = {
    "宝税罚〔2022〕12号": ["1", '双鸭山市宝山区某某"示范",有限公司', "91230506MA1C7L3X8L", "宝税罚〔2022〕12号", "2022-04-11",
                       "", "", "2处罚整改", "国家税务总局双鸭山市宝山区税务局", "", "0469-4321234",
                       "已满最短公示期的一般处罚；可容缺受理（绿色通道）"],
    "宝应急罚〔2022〕3号": ["2", "宝山区兴旺煤矿有限责任公司", '="912305063300112340"', "宝应急罚〔2022〕3号", "2022-09-02",
                        "", "", "", "宝山区应急管理局", "", "15504690000", "未满最短公示期"],
    "宝应急罚〔2018〕21号": ["3", "宝山区兴旺煤矿有限责任公司", '="912305063300112340"', "宝应急罚〔2018〕21号", "2019-05-03",
                         "", "", "2处罚整改", "宝山区应急管理局", "", "15504690000", "超过最长公示期的处罚"],
    "宝应急罚〔2022〕5号": ["4", "双鸭山市尖山区顺达运输有限公司", "91230502MA1D2E3F4G", "宝应急罚〔2022〕5号", "",
                        "", "", "", "宝山区应急管理局", "", "", "不得提前修复"],
}
for no, want_row in expect.items():
    check(by_no.get(no) == want_row, "附件3 %s: %s, want %s" % (no, by_no.get(no), want_row))

# 附件4
text, rows = table("严重失信市场主体信用修复工作台账.csv", [
    "序号", "企业名称", "统一社会信用代码", "处罚/判决决定书文号", "可修复时间", "企业修复意愿（是/否）", "计划完成修复时间",
    "工作进展（1 已告知/2 处罚决定整改/3 已申请/4 已修复/5 已移出）", "修复效果（执行金额等）", "责任处室",
    "责任人及电话", "企业负责人及电话", "备注"])
check(len(rows) == 3, "附件4: %d rows, want 3" % len(rows))
if len(rows) == 3:
    check(rows[0][7] == "2处罚决定整改" and rows[0][9] == "宝山区应急管理局" and rows[0][12] == "安全生产严重失信：移交认定部门",
          "附件4 row 1: %s" % rows[0])
    check(rows[1][4] == "2022-10-02" and rows[1][12] == "市场监管严重违法失信：暂不符合修复条件；可容缺受理（绿色通道）",
          "附件4 row 2: %s" % rows[1])
    check(rows[2][9] == "国家税务总局双鸭山市宝山区税务局" and rows[2][4] == "", "附件4 row 3: %s" % rows[2])

# 附件1
text, rows = table("全区市场主体行政处罚统计表.csv", ["序号", "区直/驻区部门", "行政处罚信息（条数）", "备注"])
check(rows == [["1", "国家税务总局双鸭山市宝山区税务局", "1", ""], ["2", "宝山区应急管理局", "3", ""], ["", "合计", "4", ""]],
      "附件1: %s" % rows)

# 附件2
text, rows = table("全区行业严重失信主体名单统计表.csv", ["序号", "名称", "失信信息（条数）", "主管部门"])
check(rows == [["1", '双鸭山市宝山区某某"示范",有限公司', "1", "宝山区市场监督管理局"],
               ["2", "宝山区兴旺煤矿有限责任公司", "1", "国家税务总局双鸭山市宝山区税务局"],
               ["3", "宝山区兴旺煤矿有限责任公司", "1", "宝山区应急管理局"], ["", "合计", "3", ""]],
      "附件2: %s" % rows)

# 附件5: the required facts of 四、（三）1 in every notice
for n in ("1", "2", "3"):
    t = open(os.path.join(docs, "行政处罚信用修复告知书", n + ".txt"), encoding="utf-8").read()
    for part in ("“信用中国”“信用中国（黑龙江）”“信用中国（双鸭山）”网站", "失信）的行政处罚", "最短公示期为", "修复流程和要求"):
        check(part in t, "notice %s lacks '%s'" % (n, part))
t = open(os.path.join(docs, "行政处罚信用修复告知书", "2.txt"), encoding="utf-8").read()
check("（严重失信）" in t and "最短公示期为六个月" in t and "可自2022年9月2日起" in t and "绿色通道" not in t,
      "notice 2 (严重失信, 527号) is wrong:\n" + t)

for e in errors:
    print("FAIL: " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

# ---- Baoshan, 2024-06-30: 国家发展改革委令2023年第58号 ------------------------------------
baoshan_run 2024-06-30 "$work/docs-2024"
n2=$work/docs-2024/行政处罚信用修复告知书/2.txt
grep -q "最短公示期为一年" "$n2" && grep -q "国家发展改革委令2023年第58号）规定" "$n2" \
  || fail "notice 2 on 2024-06-30 does not follow 第58号令: $n2"
grep -q '宝应急罚〔2022〕3号,2023-03-02,,,,宝山区应急管理局,,15504690000,已满最短公示期的严重处罚' \
  "$work/docs-2024/市场主体行政处罚信用修复工作台账.csv" || fail "附件3 on 2024-06-30: 宝应急罚〔2022〕3号 is not 已满最短公示期的严重处罚"

# ---- before the plan: its overrides decide nothing and its documents are not written ----
baoshan_run 2022-05-01 "$work/docs-before"
[ -z "$(find "$work/docs-before" -type f 2>/dev/null)" ] || fail "documents written before the plan took effect"

# ---- Yongchang, 2024-09-30: 附件2 ------------------------------------------------------
"$xiufu" run --quiet -p "$src/policies/national" "$src/policies/gansu" -d "$work/yongchang.db" --as-of 2024-09-30 \
  -o "$work/yongchang-out.db" --documents "$work/docs-yc" || fail "yongchang run exited $?"
yc=$work/docs-yc/行政处罚信息信用修复告知书
[ "$(cd "$yc" 2>/dev/null && ls | sort | tr '\n' ' ')" = "11.txt 12.txt " ] \
  || fail "Yongchang notices: $(ls "$yc" 2>/dev/null | tr '\n' ' '), want 11.txt 12.txt (13 is not publicized)"
grep -q "本单位将有关行政处罚信息（永应急罚〔2024〕7号）上报" "$yc/11.txt" && grep -q "最短公示期为一年" "$yc/11.txt" \
  && grep -q "www.creditchina.gov.cn" "$yc/11.txt" && grep -q "^2024年8月1日$" "$yc/11.txt" \
  || fail "Yongchang notice 11 (信用中国, 58号令) is wrong: $yc/11.txt"
grep -q "最短公示期为六个月" "$yc/12.txt" && grep -q "国家企业信用信息公示系统" "$yc/12.txt" \
  && grep -q "^永昌县市场监督管理局$" "$yc/12.txt" || fail "Yongchang notice 12 (市场监管, 2021) is wrong: $yc/12.txt"

# ---- from a pack: the documents are declared in its sources, read for them alone -----------
"$xiufu" build "$src/policies/national" "$src/policies/gansu" -o "$work/yongchang.so" -O0 2> /dev/null \
  || fail "build the Yongchang pack"
"$xiufu" run --quiet -p "$work/yongchang.so" --allow-unsigned -d "$work/yongchang.db" --as-of 2024-09-30 \
  -o "$work/yongchang-pack.db" --documents "$work/docs-yc-pack" || fail "yongchang pack run exited $?"
diff -r "$work/docs-yc" "$work/docs-yc-pack" > /dev/null || fail "the pack's documents differ from the sources': $(diff -r "$work/docs-yc" "$work/docs-yc-pack" | head -5)"

# ---- a folder that cannot be made --------------------------------------------------------
: > "$work/a-file"
if "$xiufu" run --quiet -p "$src/policies/national" "$src/policies/heilongjiang/baoshan.xf" -d "$work/baoshan.db" \
     --as-of 2022-06-30 -o "$work/baoshan-out.db" --documents "$work/a-file/docs" 2> "$work/err.txt"; then
  fail "--documents under a file succeeded"
fi
grep -q "cannot create the folder $work/a-file" "$work/err.txt" || fail "the error does not name the folder: $(cat "$work/err.txt")"

if [ $failures -ne 0 ]; then
  echo "documents.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "documents.test.sh: ok"
