import { useState, type ReactNode } from 'react';
import { apiUrl, errorMessage } from '../api/client';
import { downloadFile } from '../api/download';
import { getToken } from '../api/token';

/**
 * A link to an API file (e.g. a CSV for a notebook). Without a token it is an ordinary link the
 * browser follows (its address can be copied into pandas.read_csv); with one, a click fetches the
 * file with the token, in case reads need it (easgd.read-requires-token).
 */
export function DownloadLink({ path, filename, accept, testId, title, children }: { path: string; filename: string; accept?: string; testId: string; title?: string; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <a
        className="btn"
        href={apiUrl(path)}
        download={filename}
        title={title}
        data-testid={testId}
        onClick={(e) => {
          if (!getToken()) return;
          e.preventDefault();
          setError(null);
          downloadFile(path, filename, accept).catch((err) => setError(`Download failed: ${errorMessage(err)}`));
        }}
      >
        {children}
      </a>
      {error && (
        <span className="error-text small" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </>
  );
}
