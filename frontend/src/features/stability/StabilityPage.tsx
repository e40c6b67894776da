import { useState } from 'react';
import { apiJson } from '../../api/client';
import { useAsync } from '../../api/hooks';
import type { components } from '../../api/schema';
import { ErrorBox, Loading } from '../../components/Status';
import { Heatmap, radiusColor } from './Heatmap';

export type StabilityMaps = components['schemas']['StabilityMaps'];

export const MAX_P = 16;
export const DEFAULT_P = 3;
export const DEFAULT_CELLS = 40;

export function stabilityPath(p: number, cells: number): string {
  return `/stability?workers=${p}&cells=${cells}`;
}

/**
 * The paper's §4 comparison for the user's p (GET /stability): the largest |eigenvalue| of one round-robin
 * cycle of EASGD over (η, α) and of ADMM over (η, ρ), on f = x²/2, side by side; outlined on ADMM's map the
 * cells where ADMM diverges and EASGD with the same η and α = ηρ does not.
 */
export function StabilityPage() {
  const [pText, setPText] = useState(String(DEFAULT_P));
  const [cells, setCells] = useState(DEFAULT_CELLS);
  const [p, setP] = useState(DEFAULT_P);
  const pValue = Number(pText);
  const pError = Number.isInteger(pValue) && pValue >= 1 && pValue <= MAX_P ? null : `p must be an integer in [1, ${MAX_P}]`;
  const maps = useAsync<StabilityMaps>((signal) => apiJson<StabilityMaps>(stabilityPath(p, cells), { signal }), [p, cells]);
  return (
    <section className="page" data-testid="stability-page">
      <div className="page-head">
        <h1>Stability</h1>
        <div className="toolbar muted small">
          the paper's round-robin analysis (section 4) on f = x²/2, τ = 1: p workers take turns with the master
        </div>
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (!pError) setP(pValue);
        }}
      >
        <label>
          workers p{' '}
          <input data-testid="stability-p" type="number" min={1} max={MAX_P} value={pText} onChange={(e) => setPText(e.target.value)} style={{ width: '4em' }} />
        </label>
        <label>
          cells per axis{' '}
          <select data-testid="stability-cells" value={cells} onChange={(e) => setCells(Number(e.target.value))}>
            {[20, 40, 60].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-small" disabled={!!pError} data-testid="stability-apply">
          Draw
        </button>
        {pError && (
          <span className="error small" data-testid="stability-p-error">
            {pError}
          </span>
        )}
      </form>
      {maps.error && <ErrorBox message={maps.error} onRetry={maps.reload} testId="stability-error" />}
      {!maps.data && maps.loading && <Loading what="Computing the maps…" />}
      {maps.data && <Maps data={maps.data} />}
    </section>
  );
}

function Maps({ data }: { data: StabilityMaps }) {
  const { easgd, admm } = data;
  const only = admm.admmOnlyCells;
  return (
    <>
      <p data-testid="stability-summary">
        p = {data.p}: ADMM diverges in {admm.divergingCells} of {admm.eta.cells * admm.rho.cells} cells of its (η, ρ) grid;
        in <strong data-testid="stability-admm-only">{only}</strong> of them EASGD with the same η and α = ηρ converges (outlined).
        EASGD's own (η, α) grid diverges in {easgd.divergingCells} cells, all outside the region the paper proves stable for
        every p, 0 &lt; η &lt; 2 and 0 &lt; α &lt; (4 − 2η)/(4 − η).
      </p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '24px', alignItems: 'flex-start' }}>
        <Heatmap
          title={`EASGD, p = ${data.p}`}
          xName="η"
          yName="α"
          xs={easgd.eta.values}
          ys={easgd.alpha.values}
          radius={easgd.radius}
          testId="stability-easgd"
        />
        <Heatmap
          title={`ADMM, p = ${data.p}`}
          xName="η"
          yName="ρ"
          xs={admm.eta.values}
          ys={admm.rho.values}
          radius={admm.radius}
          marked={admm.admmOnly}
          markedLabel="ADMM diverges, EASGD (α = ηρ) converges"
          testId="stability-admm"
        />
      </div>
      <p className="muted small" data-testid="stability-legend">
        Colour: the spectral radius of one cycle of p turns (per step: its p-th root).{' '}
        <span style={{ background: radiusColor(0.2), color: '#fff', padding: '0 4px' }}>0.2</span>{' '}
        <span style={{ background: radiusColor(0.9), padding: '0 4px' }}>0.9</span>{' '}
        <span style={{ background: radiusColor(1.01), padding: '0 4px' }}>1.01</span>{' '}
        <span style={{ background: radiusColor(2), color: '#fff', padding: '0 4px' }}>≥ 2</span> — blue converges, orange/red diverges;
        outlined: ADMM diverges where EASGD does not. The same numbers: GET /api/v1/stability?workers={data.p}.
      </p>
    </>
  );
}
