/** Saves a blob through a temporary <a download>, the one way that works offline and from file://. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // the browser has taken the blob once click() returns; Firefox still wants the URL briefly,
    // so it is revoked a moment later rather than at once
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

export function downloadText(filename: string, text: string, mime: string): void {
  const type = /;\s*charset=/i.test(mime) ? mime : `${mime};charset=utf-8`;
  downloadBlob(filename, new Blob([text], { type }));
}
