"""Scripted language-server sessions (lsp.test.sh)."""
import json, os, re, select, subprocess, sys, urllib.parse

xiufu, src, work = sys.argv[1:4]
here = os.path.join(src, "tests", "lsp")
pack = os.path.join(src, "policies", "sichuan", "panzhihua_pilot.xf")
pack_uri = "file://" + urllib.parse.quote(pack)
failures = []


class Server:
    def __init__(self, lang):
        self.p = subprocess.Popen([xiufu, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0
        self.notes = []

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        out = self.p.stdout
        if not select.select([out], [], [], 60)[0]:
            raise SystemExit("FAIL: no answer from the server within 60 s")
        length = None
        while True:
            line = out.readline()
            if not line:
                raise SystemExit("FAIL: the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(out.read(length).decode("utf-8"))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    failures.append("%s: error %s" % (method, msg["error"]))
                return msg.get("result")
            self.notes.append(msg)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self):
        """The next publishDiagnostics the server sends."""
        while True:
            msg = self.notes.pop(0) if self.notes else self.read()
            if msg.get("method") == "textDocument/publishDiagnostics":
                return msg["params"]


def position(text, needle, nth=0, into=0):
    """LSP position (line, UTF-16 unit) of the nth occurrence of needle, plus into characters."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    before = text[:at]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1:] + needle[:into]
    return {"line": line, "character": len(col.encode("utf-16-le")) // 2}


def at(text, needle, nth=0, into=0):
    return {"textDocument": {"uri": pack_uri}, "position": position(text, needle, nth, into)}


transcript = []
def record(label, value):
    shown = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    shown = shown.replace("file://" + urllib.parse.quote(src), "file://SRC")
    transcript.append("## %s\n%s\n" % (label, shown))


def session(lang):
    text = open(pack, encoding="utf-8").read()
    s = Server(lang)
    init = s.request("initialize", {"processId": None, "rootUri": "file://" + urllib.parse.quote(src),
                                    "initializationOptions": {"lang": lang}, "capabilities": {}})
    record("initialize", init)
    s.notify("initialized", {})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": pack_uri, "languageId": "xiufu", "version": 1, "text": text}})
    record("diagnostics on open (a shipped pack: none)", s.diagnostics())

    # hover: a let of the pack, a let of the national policy it overrides, a label, a field, the base policy
    record("hover 试点条件 (a let of the pack, in a step)", s.request("textDocument/hover", at(text, "when 试点条件", 0, 5)))
    record("hover 可申请日 (a let of the national policy)", s.request("textDocument/hover", at(text, "output remind_on = 可申请日", 0, 20)))
    record("hover 市场监管 (a label)", s.request("textDocument/hover", at(text, "q.sector == 市场监管", 0, 13)))
    record("hover repair_revoked (a field)", s.request("textDocument/hover", at(text, "p.repair_revoked", 0, 3)))
    record("hover auto_repair (an outcome)", s.request("textDocument/hover", at(text, "auto_repair from", 0, 2)))
    record("hover 行政处罚信息_2021 (the base policy)", s.request("textDocument/hover", at(text, "override 行政处罚信息_2021", 0, 10)))
    if lang == "en":
        broken = text.replace("when 试点条件 and all required", "when 试点条件X and all required", 1)
        s.notify("textDocument/didChange", {"textDocument": {"uri": pack_uri, "version": 2}, "contentChanges": [{"text": broken}]})
        record("diagnostics after a change", s.diagnostics())
        s.request("shutdown", None)
        s.notify("exit", None)
        return s.p.wait(timeout=60)

    # definition: across modules
    record("definition 可申请日", s.request("textDocument/definition", at(text, "output remind_on = 可申请日", 0, 20)))
    record("definition 期满 (decide before: a step of the national ladder)",
           s.request("textDocument/definition", at(text, "decide before 期满", 0, 15)))
    record("definition repair_revoked (a field of the schema)", s.request("textDocument/definition", at(text, "p.repair_revoked", 0, 3)))
    record("definition use national.samr.order107.penalty", s.request("textDocument/definition", at(text, "use national.samr.order107.penalty", 0, 10)))
    record("definition 公示后未再受同类处罚 (a let of the same file)",
           s.request("textDocument/definition", at(text, "and 公示后未再受同类处罚", 0, 5)))
    record("definition q (an aggregate's variable)", s.request("textDocument/definition", at(text, "q.sector == 市场监管", 0, 0)))

    # a second document: the national policy the pack overrides (a parameter, a let with exceptions)
    national = os.path.join(src, "policies", "national", "samr_2021_penalty.xf")
    national_uri = "file://" + urllib.parse.quote(national)
    ntext = open(national, encoding="utf-8").read()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": national_uri, "languageId": "xiufu", "version": 1, "text": ntext}})
    record("diagnostics on open (the national policy)", s.diagnostics())
    def nat(needle, nth=0, into=0):
        return {"textDocument": {"uri": national_uri}, "position": position(ntext, needle, nth, into)}
    record("hover 较低数额罚款上限 (a parameter, called)", s.request("textDocument/hover", nat("较低数额罚款上限(", 0, 1)))
    record("definition 较低数额罚款上限", s.request("textDocument/definition", nat("较低数额罚款上限(", 0, 1)))
    record("hover 最短公示期 (a let with exceptions)", s.request("textDocument/hover", nat("p.published, 最短公示期", 0, 14)))
    s.notify("textDocument/didClose", {"textDocument": {"uri": national_uri}})
    s.diagnostics()

    # completion while typing a new let in the first override
    anchor = "      basis \"三、（二）1、2\"\n"
    def typed(line):
        changed = text.replace(anchor, anchor + line + "\n", 1)
        s.notify("textDocument/didChange", {"textDocument": {"uri": pack_uri, "version": 2},
                                            "contentChanges": [{"text": changed}]})
        s.diagnostics()
        pos = position(changed, line, 0, len(line))
        return s.request("textDocument/completion", {"textDocument": {"uri": pack_uri}, "position": pos})
    items = typed("  let 草稿 = p.")
    record("completion after p.", [(i["label"], i.get("detail")) for i in items])
    items = typed("  let 草稿 = p.entity.")
    record("completion after p.entity.", [(i["label"], i.get("detail")) for i in items])
    items = typed("  let 草稿 = 试点")
    record("completion of 试点…", [(i["label"], i["kind"], i.get("detail")) for i in items])
    items = typed("  let 草稿 = exists q in p.entity.penalty where q.")
    record("completion after q. (an aggregate over penalty)", [i["label"] for i in items][:6])
    # a field name inside a test's record
    inside = text.replace("  penalty { cause:", "  penalty { pub, cause:", 1)
    s.notify("textDocument/didChange", {"textDocument": {"uri": pack_uri, "version": 2}, "contentChanges": [{"text": inside}]})
    s.diagnostics()
    items = s.request("textDocument/completion", {"textDocument": {"uri": pack_uri},
                                                  "position": position(inside, "penalty { pub", 0, len("penalty { pub"))})
    record("completion in a test's record (penalty { pub)", [(i["label"], i.get("detail")) for i in items])
    items = typed("  let 草稿 = ")
    labels = {i["label"] for i in items}
    lexer = open(os.path.join(src, "grammar", "lexer.l"), encoding="utf-8").read()
    keywords = re.findall(r'^"([a-z_]+)"', lexer, re.M) + re.findall(r'^"[a-z_]+"\|"([a-z_]+)"', lexer, re.M)
    missing = [k for k in keywords if k not in labels]
    if missing or len(keywords) < 60:
        failures.append("completion lacks keywords %s" % missing)
    for want in ("试点条件", "可申请日", "p", "as_of", "latest", "can_apply", "食品", "较低数额罚款上限"):
        if want not in labels:
            failures.append("completion in a let lacks %r" % want)

    # diagnostics as one types: a misspelt name
    broken = text.replace("when 试点条件 and all required", "when 试点条件X and all required", 1)
    s.notify("textDocument/didChange", {"textDocument": {"uri": pack_uri, "version": 3}, "contentChanges": [{"text": broken}]})
    record("diagnostics after a change", s.diagnostics())

    # formatting: a mangled line comes back as xiufu fmt lays the file out
    mangled = text.replace("  let 试点条件 = not 三个月类", "  let   试点条件=not    三个月类", 1)
    s.notify("textDocument/didChange", {"textDocument": {"uri": pack_uri, "version": 4}, "contentChanges": [{"text": mangled}]})
    s.diagnostics()
    edits = s.request("textDocument/formatting", {"textDocument": {"uri": pack_uri}, "options": {"tabSize": 2, "insertSpaces": True}})
    want = subprocess.run([xiufu, "fmt", pack], stdout=subprocess.PIPE).stdout.decode("utf-8")
    if not edits or len(edits) != 1 or edits[0]["newText"] != want:
        failures.append("formatting did not give the file's layout: %r" % (edits,)[:300])
    record("formatting: the edit's range", edits[0]["range"] if edits else None)

    s.notify("textDocument/didClose", {"textDocument": {"uri": pack_uri}})
    record("diagnostics on close", s.diagnostics())
    record("shutdown", s.request("shutdown", None))
    s.notify("exit", None)
    return s.p.wait(timeout=60)


for lang in ("zh", "en"):
    transcript = []
    rc = session(lang)
    if rc != 0:
        failures.append("%s session: exit code %d after shutdown and exit" % (lang, rc))
    got = "".join(transcript)
    golden = os.path.join(here, "session.%s.txt" % lang)
    with open(os.path.join(work, "session.%s.txt" % lang), "w", encoding="utf-8") as f:
        f.write(got)
    if os.environ.get("XF_UPDATE_GOLDEN") == "1":
        with open(golden, "w", encoding="utf-8") as f:
            f.write(got)
    want = open(golden, encoding="utf-8").read() if os.path.exists(golden) else ""
    if got != want:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True), golden, "actual"))
        failures.append("%s session differs from %s" % (lang, golden))

for f in failures:
    print("FAIL:", f)
print("lsp: %s" % ("ok" if not failures else "%d failure(s)" % len(failures)))
sys.exit(1 if failures else 0)
