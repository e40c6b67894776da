import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { radiusColor } from './Heatmap';
import { StabilityPage, type StabilityMaps } from './StabilityPage';

const axis = (min: number, max: number, cells: number) => ({
  min,
  max,
  cells,
  values: Array.from({ length: cells }, (_, i) => min + ((i + 0.5) * (max - min)) / cells),
});

/** A 2 × 3 grid per method; ADMM diverges at (i, j) = (0, 1) and (1, 2); EASGD (α = ηρ) only at (1, 2). */
function maps(p: number): StabilityMaps {
  return {
    p,
    radius: 'the spectral radius of one cycle of p turns',
    divergesAbove: 1 + 1e-9,
    easgd: { eta: axis(0, 2, 2), alpha: axis(0, 1, 3), radius: [[0.5, 0.7, 0.9], [0.95, 1.2, 1.6]], divergingCells: 2 },
    admm: {
      eta: axis(0, 0.01, 2),
      rho: axis(0, 10, 3),
      radius: [[0.999, 1.00097, 0.998], [0.99, 0.97, 1.3]],
      easgdRadius: [[0.99, 0.99, 0.99], [0.98, 0.98, 1.2]],
      admmOnly: [[false, true, false], [false, false, false]],
      divergingCells: 2,
      admmOnlyCells: 1,
    },
  };
}

function renderPage() {
  return render(
    <MemoryRouter>
      <StabilityPage />
    </MemoryRouter>,
  );
}

describe('StabilityPage', () => {
  it('draws both maps side by side for p = 3 and outlines where only ADMM diverges', async () => {
    const calls = mockFetch({ 'GET /stability': (c) => json(maps(Number(new URLSearchParams(c.path.split('?')[1]).get('workers')))) });
    renderPage();
    const admmCells = await screen.findAllByTestId('stability-admm-cell');
    expect(calls[0].path).toBe('/stability?workers=3&cells=40');
    expect(admmCells).toHaveLength(6);
    expect(screen.getAllByTestId('stability-easgd-cell')).toHaveLength(6);
    const marked = admmCells.filter((c) => c.getAttribute('data-marked') === 'true');
    expect(marked).toHaveLength(1);
    expect(marked[0].getAttribute('data-radius')).toBe('1.00097');
    expect(marked[0]).toHaveTextContent('η = 0.0025, ρ = 5: radius 1.000970 — ADMM diverges, EASGD (α = ηρ) converges');
    expect(marked[0].getAttribute('fill')).toBe(radiusColor(1.00097));
    expect(screen.getByTestId('stability-admm-only')).toHaveTextContent('1');
    expect(screen.getByTestId('stability-summary')).toHaveTextContent('p = 3: ADMM diverges in 2 of 6 cells');
    expect(screen.getByTestId('stability-easgd-summary')).toHaveTextContent('diverges in 2 of 6 cells');
    // EASGD: x = η (2 columns), y = α (3 rows, upwards): the cell (1, 2) is top right
    const e = screen.getAllByTestId('stability-easgd-cell');
    const topRight = e.find((c) => c.getAttribute('data-radius') === '1.6')!;
    expect(topRight.getAttribute('x')).toBe('8');
    expect(topRight.getAttribute('y')).toBe('0');
  });

  it('redraws for the user p, refuses a p out of range and shows a problem from the API', async () => {
    const calls = mockFetch({
      'GET /stability': (c) =>
        c.path.includes('workers=8')
          ? problem({ title: 'Invalid request', status: 400, detail: 'workers: must be in [1, 16], found 8', errors: [{ field: 'workers', message: 'must be in [1, 16], found 8' }] })
          : json(maps(Number(new URLSearchParams(c.path.split('?')[1]).get('workers')))),
    });
    renderPage();
    await screen.findAllByTestId('stability-admm-cell');
    fireEvent.change(screen.getByTestId('stability-p'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('stability-apply'));
    await waitFor(() => expect(screen.getByTestId('stability-summary')).toHaveTextContent('p = 5:'));
    expect(calls.map((c) => c.path)).toContain('/stability?workers=5&cells=40');

    fireEvent.change(screen.getByTestId('stability-p'), { target: { value: '17' } });
    expect(screen.getByTestId('stability-p-error')).toHaveTextContent('p must be an integer in [1, 16]');
    expect(screen.getByTestId('stability-apply')).toBeDisabled();

    fireEvent.change(screen.getByTestId('stability-p'), { target: { value: '8' } });
    fireEvent.click(screen.getByTestId('stability-apply'));
    expect(await screen.findByTestId('stability-error')).toHaveTextContent('must be in [1, 16], found 8');
  });

  it('colours converging cells blue and diverging ones orange to red', () => {
    expect(radiusColor(0.5)).toMatch(/^hsl\(215,/);
    expect(radiusColor(1.001)).toMatch(/^hsl\(30\.0, 90%/);
    expect(radiusColor(4)).toBe(radiusColor(2));
  });
});
