/**
 * The small Python program that drives a running LibreOffice through UNO (Debian's python3-uno):
 * it connects to the office's pipe, then reads one JSON request a line from stdin, `{"in", "out"}`,
 * opens the document hidden and read-only, stores it as PDF, closes it, and answers one JSON line,
 * `{"ok": true}` or `{"ok": false, "error"}`. Its first line says whether it could connect:
 * `{"ready": true}`, or `{"error"}`. It exits when stdin closes or the office goes away.
 */
export const UNO_BRIDGE = String.raw`
import json, sys, time
try:
    import uno
    from com.sun.star.beans import PropertyValue
except Exception as e:
    print(json.dumps({"error": "python3-uno is not installed (" + str(e) + ")", "missing": True}), flush=True)
    sys.exit(3)

def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p

pipe, wait = sys.argv[1], float(sys.argv[2])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
until = time.time() + wait
while True:
    try:
        ctx = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
        break
    except Exception as e:
        if time.time() > until:
            print(json.dumps({"error": "LibreOffice did not answer within " + str(wait) + " s (" + str(e) + ")"}), flush=True)
            sys.exit(4)
        time.sleep(0.05)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
print(json.dumps({"ready": True}), flush=True)

for line in sys.stdin:
    req = json.loads(line)
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(req["in"]), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True)))
        if doc is None:
            raise Exception("LibreOffice could not open it")
        try:
            doc.storeToURL(uno.systemPathToFileUrl(req["out"]), (prop("FilterName", "writer_pdf_Export"),))
        finally:
            doc.close(True)
        print(json.dumps({"ok": True}), flush=True)
    except Exception as e:
        print(json.dumps({"ok": False, "error": str(e) or type(e).__name__}), flush=True)
        if "DisposedException" in type(e).__name__ or "RuntimeException" in type(e).__name__:
            sys.exit(5)
`;
