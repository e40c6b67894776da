import { Navigate, NavLink, Route, Routes } from 'react-router';
import { TokenInput } from './components/TokenInput';
import { useAuthRequired } from './api/token';
import { JobsPage } from './features/jobs/JobsPage';
import { SubmitPage } from './features/submit/SubmitPage';
import { JobDetailPage } from './features/live/JobDetailPage';
import { ComparePage } from './features/compare/ComparePage';
import { AgentsPage } from './features/agents/AgentsPage';
import { SweepsPage } from './features/sweeps/SweepsPage';
import { NewSweepPage } from './features/sweeps/NewSweepPage';
import { SweepDetailPage } from './features/sweeps/SweepDetailPage';
import { AuditPage } from './features/audit/AuditPage';
import { StabilityPage } from './features/stability/StabilityPage';
import { PlanDetailPage, PlanNewPage } from './features/plan/PlanPage';

// Hash routes (#/jobs, #/jobs/12, #/submit, #/compare?ids=1,2, #/sweeps, #/sweeps/new, #/sweeps/3, #/plan, #/plan/2, #/agents, #/audit, #/stability): the backend only
// needs to serve index.html at /.
export function App() {
  const auth = useAuthRequired();
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <strong>EASGD</strong>
          <span className="brand-sub">elastic averaging SGD</span>
        </div>
        <nav className="nav">
          <NavLink to="/jobs" data-testid="nav-jobs" end>
            Jobs
          </NavLink>
          <NavLink to="/submit" data-testid="nav-submit">
            Submit
          </NavLink>
          <NavLink to="/compare" data-testid="nav-compare">
            Compare
          </NavLink>
          <NavLink to="/sweeps" data-testid="nav-sweeps">
            Sweeps
          </NavLink>
          <NavLink to="/plan" data-testid="nav-plan">
            Plan
          </NavLink>
          <NavLink to="/agents" data-testid="nav-agents">
            Agents
          </NavLink>
          <NavLink to="/stability" data-testid="nav-stability">
            Stability
          </NavLink>
          <NavLink to="/audit" data-testid="nav-audit">
            Audit
          </NavLink>
        </nav>
        <TokenInput />
      </header>
      {auth && (
        <div className="auth-banner" role="alert" data-testid="auth-required">
          {auth}
        </div>
      )}
      <main className="app-main">
        <Routes>
          <Route path="/" element={<Navigate to="/jobs" replace />} />
          <Route path="/jobs" element={<JobsPage />} />
          <Route path="/jobs/:id" element={<JobDetailPage />} />
          <Route path="/submit" element={<SubmitPage />} />
          <Route path="/compare" element={<ComparePage />} />
          <Route path="/sweeps" element={<SweepsPage />} />
          <Route path="/sweeps/new" element={<NewSweepPage />} />
          <Route path="/sweeps/:id" element={<SweepDetailPage />} />
          <Route path="/plan" element={<PlanNewPage />} />
          <Route path="/plan/:id" element={<PlanDetailPage />} />
          <Route path="/agents" element={<AgentsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/stability" element={<StabilityPage />} />
          <Route path="*" element={<div className="status status-empty">Page not found.</div>} />
        </Routes>
      </main>
    </div>
  );
}
