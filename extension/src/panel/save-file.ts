/**
 * Hands `text` to the browser as a download named `fileName`, through a temporary object URL (the
 * panel has no file system access; the URL is released once the browser has had time to read it).
 */
export function saveFile(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
