import { useState } from 'react';

/** The 409 answer to a save, in words, with a way to keep one's edits. */
export function ConflictBanner({ formData, onReload }: { formData: unknown; onReload?: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(formData, null, 2));
      setCopied('Your version is in the clipboard.');
    } catch {
      setCopied('The browser refused to copy: select and copy the fields you need by hand.');
    }
  };
  return (
    <div className="banner banner-conflict" role="alert" data-testid="save-conflict">
      <strong>Not saved: this case was changed elsewhere (another tab or person) since you opened it.</strong> Your edits
      are still here. Copy what you need, then reload to see the other version.
      <div className="banner-actions">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy my version (as text)
        </button>
        {onReload && (
          <button type="button" className="button" onClick={onReload}>
            Reload the other version
          </button>
        )}
        {copied && <span className="small">{copied}</span>}
      </div>
    </div>
  );
}
