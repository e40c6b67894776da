import { apiRequest } from './client';

/**
 * Fetches an API file with the token (a plain link cannot send the Authorization header) and hands
 * it to the browser as a download named `filename`.
 */
export async function downloadFile(path: string, filename: string, accept = '*/*'): Promise<void> {
  const res = await apiRequest(path, { accept });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
