import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExhibitView } from '../api.ts';
import type { OutlineEntry, PDFDocumentProxy, RenderTask } from './pdf.ts';

type PdfModule = typeof import('./pdf.ts');

const THUMB_WIDTH = 150;

/** The exhibit packet: thumbnails drawn as they scroll into view, the selected page large, and a table of contents. */
export function PacketViewer({ url, exhibits }: { url: string; exhibits: ExhibitView[] }) {
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ratio, setRatio] = useState(11 / 8.5);
  const [outline, setOutline] = useState<OutlineEntry[]>([]);
  const [selected, setSelected] = useState(1);
  const thumbsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    setDoc(null);
    setError(null);
    setOutline([]);
    setSelected(1);
    import('./pdf.ts')
      .then(async (pdf: PdfModule) => {
        const opened = pdf.openPdf(url);
        destroy = opened.destroy;
        const d = await opened.promise;
        if (cancelled) return;
        const first = await d.getPage(1);
        const vp = first.getViewport({ scale: 1 });
        if (cancelled) return;
        setRatio(vp.height / vp.width);
        setDoc(d);
        pdf.outlineOf(d).then(
          (o) => !cancelled && setOutline(o),
          () => undefined,
        );
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(`The packet could not be shown: ${e instanceof Error ? e.message : String(e)}`);
      });
    return () => {
      cancelled = true;
      if (destroy) void destroy().catch(() => undefined);
    };
  }, [url]);

  const show = useCallback((page: number) => {
    setSelected(page);
    const el = thumbsRef.current?.querySelector(`[data-page="${page}"]`);
    if (el) el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, []);

  const pages = doc?.numPages ?? 0;

  return (
    <div className="packet">
      <nav className="toc" data-testid="toc" aria-label="Table of contents">
        <h3>Contents</h3>
        <ul>
          {exhibits
            .filter((e) => e.firstPage != null)
            .map((e) => (
              <li key={e.id}>
                <a
                  href={`#page-${e.firstPage}`}
                  data-testid="toc-link"
                  data-page={e.firstPage ?? undefined}
                  data-exhibit={e.id}
                  className={selected === e.firstPage ? 'current' : undefined}
                  onClick={(ev) => {
                    ev.preventDefault();
                    show(e.firstPage!);
                  }}
                >
                  {e.tab ? `Tab ${e.tab}` : 'Exhibit'} — {e.title} — {e.lastPage && e.lastPage !== e.firstPage ? `pp. ${e.firstPage}–${e.lastPage}` : `p. ${e.firstPage}`}
                </a>
              </li>
            ))}
        </ul>
        {outline.length > 0 && (
          <>
            <h4>Bookmarks in the PDF</h4>
            <ul className="outline">
              {outline.map((o, i) => (
                <li key={i} className={`depth-${Math.min(o.depth, 3)}`}>
                  {o.page ? (
                    <a
                      href={`#page-${o.page}`}
                      data-testid="toc-link"
                      data-page={o.page}
                      onClick={(ev) => {
                        ev.preventDefault();
                        show(o.page!);
                      }}
                    >
                      {o.title} <span className="muted">— p. {o.page}</span>
                    </a>
                  ) : (
                    <span className="muted">{o.title}</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </nav>
      <div className="thumbnails" data-testid="thumbnails" ref={thumbsRef} aria-label="Pages">
        {error && <p className="bad small">{error}</p>}
        {!doc && !error && <p className="muted small">Opening the packet…</p>}
        {doc &&
          Array.from({ length: pages }, (_, i) => (
            <Thumbnail key={i + 1} doc={doc} page={i + 1} ratio={ratio} selected={selected === i + 1} onSelect={setSelected} root={thumbsRef} />
          ))}
      </div>
      <div className="page-view-wrap">
        {doc && <PageView doc={doc} page={selected} pages={pages} onPage={show} />}
      </div>
    </div>
  );
}

function renderInto(doc: PDFDocumentProxy, pageNo: number, canvas: HTMLCanvasElement, cssWidth: number): { promise: Promise<void>; cancel: () => void } {
  let task: RenderTask | null = null;
  let cancelled = false;
  const promise = (async () => {
    const page = await doc.getPage(pageNo);
    if (cancelled) return;
    const base = page.getViewport({ scale: 1 });
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const viewport = page.getViewport({ scale: (cssWidth / base.width) * dpr });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    task = page.render({ canvas, viewport });
    try {
      await task.promise;
    } catch (e) {
      if (!(e instanceof Error && e.name === 'RenderingCancelledException')) throw e;
    }
  })();
  return {
    promise,
    cancel: () => {
      cancelled = true;
      task?.cancel();
    },
  };
}

function Thumbnail({
  doc,
  page,
  ratio,
  selected,
  onSelect,
  root,
}: {
  doc: PDFDocumentProxy;
  page: number;
  ratio: number;
  selected: boolean;
  onSelect: (p: number) => void;
  root: React.RefObject<HTMLDivElement | null>;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [visible, setVisible] = useState(false);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el || visible) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setVisible(true);
          io.disconnect();
        }
      },
      { root: root.current, rootMargin: '300px 0px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [visible, root]);

  useEffect(() => {
    if (!visible || !canvas.current) return;
    const r = renderInto(doc, page, canvas.current, THUMB_WIDTH);
    r.promise.then(
      () => setDrawn(true),
      () => undefined,
    );
    return r.cancel;
  }, [visible, doc, page]);

  return (
    <button
      type="button"
      ref={ref}
      className={selected ? 'thumbnail selected' : 'thumbnail'}
      data-testid="thumbnail"
      data-page={page}
      data-selected={selected ? 'true' : 'false'}
      data-drawn={drawn ? 'true' : 'false'}
      aria-label={`Page ${page}`}
      aria-pressed={selected}
      onClick={() => onSelect(page)}
    >
      <canvas ref={canvas} style={{ width: THUMB_WIDTH, height: Math.round(THUMB_WIDTH * ratio) }} />
      <span className="thumb-number">{page}</span>
    </button>
  );
}

function PageView({ doc, page, pages, onPage }: { doc: PDFDocumentProxy; page: number; pages: number; onPage: (p: number) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState<number | null>(null);

  useEffect(() => {
    if (!canvas.current || !wrap.current) return;
    const width = Math.max(300, Math.min(wrap.current.clientWidth - 2, 900));
    const c = canvas.current;
    setError(null);
    const r = renderInto(doc, page, c, width);
    r.promise.then(
      () => {
        c.style.width = `${width}px`;
        c.style.height = `${Math.round((c.height / c.width) * width)}px`;
        setRendered(page);
      },
      (e: unknown) => setError(`Page ${page} could not be drawn: ${e instanceof Error ? e.message : String(e)}`),
    );
    return r.cancel;
  }, [doc, page]);

  return (
    <div className="page-view" data-testid="page-view" data-page={page} data-rendered={rendered === page ? 'true' : 'false'} ref={wrap}>
      <div className="page-view-bar">
        <button type="button" className="button" onClick={() => onPage(Math.max(1, page - 1))} disabled={page <= 1}>
          ← Previous
        </button>
        <span>
          Page {page} of {pages}
        </span>
        <button type="button" className="button" onClick={() => onPage(Math.min(pages, page + 1))} disabled={page >= pages}>
          Next →
        </button>
      </div>
      {error && <p className="bad">{error}</p>}
      <canvas ref={canvas} aria-label={`Page ${page} of the packet`} />
    </div>
  );
}
