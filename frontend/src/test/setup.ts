import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { reloadToken } from '../api/token';

// jsdom has no canvas: charts use a recording stand-in for uPlot (see fakeUPlot.ts).
vi.mock('uplot', async () => ({ default: (await import('./fakeUPlot')).FakeUPlot }));

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  reloadToken();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
