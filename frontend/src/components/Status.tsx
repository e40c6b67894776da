import type { ReactNode } from 'react';
import { STATE_COLORS, fmtDuration, fmtPercent } from '../lib/format';
import type { JobProgress } from '../api/types';

export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <div className="status status-loading" data-testid="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {what}
    </div>
  );
}

export function ErrorBox({ message, onRetry, testId = 'error' }: { message: string; onRetry?: () => void; testId?: string }) {
  return (
    <div className="status status-error" data-testid={testId} role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ children, testId = 'empty' }: { children: ReactNode; testId?: string }) {
  return (
    <div className="status status-empty" data-testid={testId}>
      {children}
    </div>
  );
}

/** States whose badge reads differently from the API's name, with why. */
const STATE_LABELS: Record<string, { text: string; title: string }> = {
  STOPPED_EARLY: { text: 'STOPPED EARLY', title: "stopped at a rung by its sweep's early-stopping search: ended, not failed" },
};

export function StateBadge({ state, testId }: { state: string; testId?: string }) {
  const label = STATE_LABELS[state];
  return (
    <span
      className={`badge badge-${state.toLowerCase()}`}
      style={{ background: STATE_COLORS[state] ?? '#555' }}
      title={label?.title}
      data-testid={testId}
      data-state={state}
    >
      {label?.text ?? state}
    </span>
  );
}

export function ProgressBar({ progress, state }: { progress: JobProgress | null | undefined; state?: string }) {
  const f = Math.min(1, Math.max(0, progress?.fraction ?? (state === 'COMPLETED' ? 1 : 0)));
  const eta = progress?.etaSeconds;
  const running = state === 'RUNNING';
  return (
    <div className="progress" data-testid="job-progress" data-fraction={f.toFixed(4)}>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(f * 100)}>
        <div className="progress-fill" style={{ width: `${(f * 100).toFixed(1)}%` }} />
      </div>
      <span className="progress-text">
        {fmtPercent(f, 0)}
        {progress && progress.totalSteps ? ` · ${progress.step}/${progress.totalSteps}` : ''}
        {running && eta !== null && eta !== undefined ? ` · ETA ${fmtDuration(eta)}` : ''}
      </span>
    </div>
  );
}
