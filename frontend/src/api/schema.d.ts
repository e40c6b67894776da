// Generated from frontend/openapi.json by openapi-typescript (`npm run gen:api`). Do not edit.
// Every property is required: the server sends each field (null when it has no value; types.ts
// says which may be null, as springdoc does not).

export interface paths {
    "/api/v1/agent-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every agent token, newest first, with the agents connected with it */
        get: operations["listAgentTokens"];
        put?: never;
        /** Create an agent token; the answer holds the token, once */
        post: operations["createAgentToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a token and disconnect its agents (idempotent) */
        delete: operations["revokeAgentToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The connected agents, their capabilities and current job */
        get: operations["listAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/local": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The local agent processes, including those down or restarting */
        get: operations["listLocalAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail, newest first, paged */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The datasets a job spec may name */
        get: operations["listDatasets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datasets/{name}/files/**": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A dataset file, as agents download it (the rest of the path names the file) */
        get: operations["getDatasetFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs, newest first, paged */
        get: operations["listJobs"];
        put?: never;
        /** Submit a job: 202 with the queued job and its Location */
        post: operations["submitJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job: state, progress, result */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a job (409 problem when it already ended) */
        post: operations["cancelJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit a copy of a job with the fields given changed */
        post: operations["cloneJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The job's events as server-sent events (docs/api.md, SSE) */
        get: operations["watchJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's faults and, by kind, the median and p95 time to heal */
        get: operations["listJobFaults"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The job's state transitions, oldest first */
        get: operations["getJobHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's metric series, downsampled keeping spikes */
        get: operations["getJobMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/metrics.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's metric points as CSV (all of them, not downsampled) */
        get: operations["getJobMetricsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The job's model as a DL4J ModelSerializer zip */
        get: operations["getJobModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The job's workers: rank, agent, state, step */
        get: operations["listJobWorkers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Validate a job spec without storing it */
        post: operations["checkJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Changed jobs, live, as server-sent events of type job */
        get: operations["watchJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the agents run behind shaped links, which, and what each link measured */
        get: operations["getLab"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the fault lab is on, and which kinds of fault this backend can inject */
        get: operations["getFaultLab"];
        put?: never;
        /** Inject one fault into a running job, now or after delayMs */
        post: operations["injectFault"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/faults/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One fault: its state, and its time to heal once healed */
        get: operations["getFault"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/faults/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A schedule of faults for a running job: a list at times, or a seeded random plan */
        post: operations["scheduleFaults"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lab/faults/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A schedule and its faults */
        get: operations["getFaultSchedule"];
        put?: never;
        post?: never;
        /** Cancel a schedule: pending faults cancelled, active ones undone now */
        delete: operations["cancelFaultSchedule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Plan a cluster: short simulated runs over p and τ for a spec and a link */
        post: operations["createPlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A plan's table: virtual time to the target per (p, τ), and the fastest */
        get: operations["getPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Spectral radius of EASGD's and ADMM's round-robin maps on x^2/2 over a grid, for p workers; where ADMM diverges and EASGD (alpha = eta*rho) does not */
        get: operations["getStability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sweeps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sweeps, newest first, paged */
        get: operations["listSweeps"];
        put?: never;
        /** Submit a sweep: a grid of jobs queued together */
        post: operations["createSweep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sweeps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One sweep: its runs, results and verdict */
        get: operations["getSweep"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sweeps/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a sweep and its unfinished jobs */
        post: operations["cancelSweep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sweeps/{id}/metrics.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every metric point of every run of a sweep, as CSV */
        get: operations["getSweepMetricsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sweeps/{id}/results.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sweep's results table as CSV, one line per run */
        get: operations["getSweepResultsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sweeps/presets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The named sweeps a request can start from (preset) */
        get: operations["listSweepPresets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AdmmStabilityGrid: {
            admmOnly: boolean[][];
            /** Format: int32 */
            admmOnlyCells: number;
            /** Format: int32 */
            divergingCells: number;
            easgdRadius: number[][];
            eta: components["schemas"]["StabilityAxis"];
            radius: number[][];
            rho: components["schemas"]["StabilityAxis"];
        };
        AgentToken: {
            connectedAgents: components["schemas"]["TokenAgent"][];
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            lastUsedAt: string;
            name: string;
            /** Format: date-time */
            revokedAt: string;
            revokedBy: string;
        };
        AgentView: {
            capabilities: components["schemas"]["Capabilities"];
            /** Format: date-time */
            connectedAt: string;
            id: string;
            /** Format: int64 */
            jobId: number;
            /** Format: date-time */
            lastHeartbeatAt: string;
            local: components["schemas"]["LocalProcessView"];
            name: string;
            /** Format: int32 */
            rank: number;
            /** @enum {string} */
            state: "IDLE" | "BUSY";
        };
        /** @enum {string} */
        Algorithm: "EASGD" | "EAMSGD" | "DOWNPOUR" | "MDOWNPOUR" | "ADOWNPOUR" | "MVADOWNPOUR" | "SGD" | "MSGD" | "ASGD" | "MVASGD" | "SYNC_EASGD" | "SYNC_EAMSGD" | "DILOCO" | "ADMM";
        AuditEntry: {
            action: string;
            actor: string;
            /** Format: date-time */
            at: string;
            detail: string;
            /** Format: int64 */
            id: number;
            remoteAddress: string;
            targetId: string;
            targetType: string;
        };
        AuditPage: {
            items: components["schemas"]["AuditEntry"][];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            size: number;
            /** Format: int64 */
            total: number;
        };
        AutoTau: {
            /** Format: double */
            commShare: number;
            /** Format: int32 */
            initial: number;
            /** Format: int32 */
            max: number;
            /** Format: int32 */
            min: number;
        };
        ByKind: {
            /** Format: int32 */
            count: number;
            /** Format: int32 */
            healed: number;
            /** @enum {string} */
            kind: "AGENT_KILL" | "AGENT_PAUSE" | "LINK_CUT" | "LINK_SLOW" | "BACKEND_RESTART" | "BACKEND_KILL" | "POSTGRES_RESTART";
            /** Format: int64 */
            medianHealMs: number;
            /** Format: int64 */
            p95HealMs: number;
            /** Format: int64 */
            resendsDropped: number;
            /** Format: int64 */
            stepsLost: number;
            /** Format: int64 */
            updatesDropped: number;
        };
        Capabilities: {
            /** @enum {string} */
            backend?: "CPU" | "CUDA";
            /** Format: int32 */
            cores: number;
            /** Format: int64 */
            gpuMemoryBytes?: number;
            gpuName?: string;
            /** Format: int64 */
            memoryBytes: number;
        };
        /** @enum {string} */
        Compression: "none" | "fp16" | "int8";
        CreatedAgentToken: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: int64 */
            id: number;
            name: string;
            token: string;
        };
        DatasetInfo: {
            /** Format: int32 */
            classes: number;
            /** @enum {string} */
            format: "IDX" | "CIFAR10_BINARY";
            name: string;
            shape: number[];
            /** Format: int32 */
            testSize: number;
            /** Format: int32 */
            trainSize: number;
        };
        EasgdStabilityGrid: {
            alpha: components["schemas"]["StabilityAxis"];
            /** Format: int32 */
            divergingCells: number;
            eta: components["schemas"]["StabilityAxis"];
            radius: number[][];
        };
        Fault: {
            agentName: string;
            detail: string;
            /** Format: date-time */
            dueAt: string;
            /** Format: int64 */
            durationMs: number;
            /** Format: date-time */
            healedAt: string;
            /** Format: int64 */
            healMs: number;
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            injectedAt: string;
            /** Format: int64 */
            jobId: number;
            /** @enum {string} */
            kind: "AGENT_KILL" | "AGENT_PAUSE" | "LINK_CUT" | "LINK_SLOW" | "BACKEND_RESTART" | "BACKEND_KILL" | "POSTGRES_RESTART";
            /** Format: int32 */
            rank: number;
            rate: string;
            /** Format: int64 */
            resendsDropped: number;
            /** Format: int64 */
            scheduleId: number;
            /** @enum {string} */
            state: "PENDING" | "ACTIVE" | "HEALING" | "HEALED" | "NOT_HEALED" | "FAILED" | "CANCELLED";
            /** Format: int64 */
            stepsLost: number;
            /** Format: date-time */
            undoneAt: string;
            /** Format: int64 */
            updatesDropped: number;
        };
        /** @description A seeded random plan: exponential gaps after each fault's end */
        FaultRandomPlan: {
            /**
             * Format: int32
             * @description faults, in [1, 1000]; default 20
             */
            count: number;
            /** @description kinds drawn uniformly (a kind named twice is drawn twice as often); default all */
            kinds: ("AGENT_KILL" | "AGENT_PAUSE" | "LINK_CUT" | "LINK_SLOW" | "BACKEND_RESTART" | "BACKEND_KILL" | "POSTGRES_RESTART")[];
            /**
             * Format: int64
             * @description default 5000
             */
            maxDurationMs: number;
            /**
             * Format: int64
             * @description mean gap in ms, >= 500; default 5000
             */
            meanIntervalMs: number;
            /**
             * Format: int64
             * @description default 1000
             */
            minDurationMs: number;
            /**
             * Format: int64
             * @description default 1
             */
            seed: number;
            /** @description LINK_SLOW's rate; default 1mbit */
            slowRate: string;
        };
        /** @description One fault for a running job, now or after delayMs */
        FaultRequest: {
            /**
             * Format: int64
             * @description ms from now, default 0
             */
            delayMs?: number;
            /**
             * Format: int64
             * @description how long it lasts, ms in [100, 600000]: AGENT_PAUSE, LINK_CUT, LINK_SLOW
             * @example 3000
             */
            durationMs?: number;
            /**
             * Format: int64
             * @example 1
             */
            jobId: number;
            /**
             * @example AGENT_PAUSE
             * @enum {string}
             */
            kind: "AGENT_KILL" | "AGENT_PAUSE" | "LINK_CUT" | "LINK_SLOW" | "BACKEND_RESTART" | "BACKEND_KILL" | "POSTGRES_RESTART";
            /**
             * Format: int32
             * @description the rank whose agent or link it hits (agent and link kinds; default 0)
             */
            rank?: number;
            /**
             * @description LINK_SLOW: the rate, kbit, mbit or gbit
             * @example 1mbit
             */
            rate?: string;
        };
        FaultScheduleItem: {
            /**
             * Format: int64
             * @description ms from the schedule's start, at most 24 h
             */
            atMs?: number;
            /** Format: int64 */
            durationMs?: number;
            /** @enum {string} */
            kind: "AGENT_KILL" | "AGENT_PAUSE" | "LINK_CUT" | "LINK_SLOW" | "BACKEND_RESTART" | "BACKEND_KILL" | "POSTGRES_RESTART";
            /** Format: int32 */
            rank?: number;
            rate?: string;
        };
        /** @description A schedule for a running job: faults (a list) or random (a plan) */
        FaultScheduleRequest: {
            /** @description at most 1000 faults, each with atMs from the schedule's start */
            faults?: components["schemas"]["FaultScheduleItem"][];
            /**
             * Format: int64
             * @example 1
             */
            jobId: number;
            random?: components["schemas"]["FaultRandomPlan"];
        };
        /** @enum {string} */
        InnerOptimizer: "nesterov" | "adam";
        Job: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt: string;
            /** Format: int64 */
            id: number;
            name: string;
            /** Format: int32 */
            priority: number;
            progress: components["schemas"]["Progress"];
            reason: string;
            result: components["schemas"]["Result"];
            simulation: components["schemas"]["Simulation"];
            spec: components["schemas"]["JobSpec"];
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            state: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "STOPPED_EARLY";
            /** Format: int64 */
            sweepId: number;
            warnings: string[];
        };
        JobCheck: {
            /** @description the spec with its defaults filled in */
            spec: components["schemas"]["JobSpec"];
            /** @description stability warnings (docs/api.md) */
            warnings: string[];
        };
        JobEvent: {
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            from: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "STOPPED_EARLY";
            /** Format: int64 */
            id: number;
            /** Format: int64 */
            jobId: number;
            reason: string;
            /** @enum {string} */
            to: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "STOPPED_EARLY";
        };
        JobFaults: {
            byKind: components["schemas"]["ByKind"][];
            faults: components["schemas"]["Fault"][];
        };
        JobPage: {
            items: components["schemas"]["Job"][];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description A job spec; every field is optional in a request (defaults are filled in, see docs/api.md) and comes back with its value in a job. */
        JobSpec: {
            algorithm: components["schemas"]["Algorithm"];
            /** Format: double */
            alpha: number;
            autoTau: components["schemas"]["AutoTau"];
            /** Format: double */
            averagingRate: number;
            /** Format: int32 */
            batchSize: number;
            /** Format: double */
            beta: number;
            compression: components["schemas"]["Compression"];
            dataset: string;
            /** Format: double */
            delta: number;
            /** Format: double */
            eta: number;
            innerOptimizer: components["schemas"]["InnerOptimizer"];
            model: string;
            modelJson: string;
            /** Format: double */
            outerLr: number;
            /** Format: double */
            outerMomentum: number;
            overlap: components["schemas"]["Overlap"];
            /**
             * Format: double
             * @description ADMM's penalty ρ > 0 (at most 1000; default 1): only for algorithm ADMM, refused for the others (docs/algorithms.md, "ADMM")
             */
            rho: number;
            /**
             * Format: int32
             * @description milliseconds: a synchronous round whose first upload came longer ago is computed over the workers that arrived (absent: every round waits for all p); only for SYNC_EASGD, SYNC_EAMSGD and DILOCO (docs/algorithms.md, "Round deadline")
             * @example 5000
             */
            roundDeadlineMs: number;
            /** Format: int64 */
            seed: number;
            simulate: components["schemas"]["Simulate"];
            stop: components["schemas"]["StopCriteria"];
            tau: components["schemas"]["Tau"];
            /** Format: double */
            weightDecay: number;
            workers: components["schemas"]["WorkerCount"];
        };
        /**
         * @description The body of POST /jobs: job spec fields plus name and priority. Unknown fields are refused (400 naming the field).
         * @example {
         *       "algorithm": "EAMSGD",
         *       "delta": 0.9,
         *       "eta": 0.1,
         *       "name": "eamsgd-tau10",
         *       "stop": {
         *         "maxSteps": 2000
         *       },
         *       "tau": 10,
         *       "workers": 2
         *     }
         */
        JobSubmission: {
            algorithm: components["schemas"]["Algorithm"];
            /** Format: double */
            alpha: number;
            autoTau: components["schemas"]["AutoTau"];
            /** Format: double */
            averagingRate: number;
            /** Format: int32 */
            batchSize: number;
            /** Format: double */
            beta: number;
            compression: components["schemas"]["Compression"];
            dataset: string;
            /** Format: double */
            delta: number;
            /** Format: double */
            eta: number;
            innerOptimizer: components["schemas"]["InnerOptimizer"];
            model: string;
            modelJson: string;
            /** @description one line; missing or blank: "<algorithm> p=<workers> tau=<tau> <model>" */
            name: string;
            /** Format: double */
            outerLr: number;
            /** Format: double */
            outerMomentum: number;
            overlap: components["schemas"]["Overlap"];
            /**
             * Format: int32
             * @description higher first
             * @example 0
             */
            priority: number;
            /**
             * Format: double
             * @description ADMM's penalty ρ > 0 (at most 1000; default 1): only for algorithm ADMM, refused for the others (docs/algorithms.md, "ADMM")
             */
            rho: number;
            /**
             * Format: int32
             * @description milliseconds: a synchronous round whose first upload came longer ago is computed over the workers that arrived (absent: every round waits for all p); only for SYNC_EASGD, SYNC_EAMSGD and DILOCO (docs/algorithms.md, "Round deadline")
             * @example 5000
             */
            roundDeadlineMs: number;
            /** Format: int64 */
            seed: number;
            simulate: components["schemas"]["Simulate"];
            stop: components["schemas"]["StopCriteria"];
            tau: components["schemas"]["Tau"];
            /** Format: double */
            weightDecay: number;
            workers: components["schemas"]["WorkerCount"];
        };
        KindView: {
            available: boolean;
            /** @enum {string} */
            kind: "AGENT_KILL" | "AGENT_PAUSE" | "LINK_CUT" | "LINK_SLOW" | "BACKEND_RESTART" | "BACKEND_KILL" | "POSTGRES_RESTART";
            note: string;
            takesDuration: boolean;
            takesRank: boolean;
            takesRate: boolean;
        };
        LabHost: {
            address: string;
            /** Format: double */
            downMbps: number;
            /** Format: int32 */
            index: number;
            namespace: string;
            /** Format: double */
            upMbps: number;
        };
        LabStatus: {
            delayApplied: boolean;
            /** Format: int64 */
            delayMicros: number;
            enabled: boolean;
            /** Format: date-time */
            endsAt: string;
            hosts: components["schemas"]["LabHost"][];
            link: string;
            /** Format: double */
            megabitsPerSecond: number;
            note: string;
            server: string;
            subnet: string;
        };
        LabView: {
            backendLog: string;
            /** Format: int64 */
            backendPid: number;
            enabled: boolean;
            kinds: components["schemas"]["KindView"][];
            note: string;
        };
        LocalProcessView: {
            /** Format: date-time */
            lastExitAt: string;
            /** Format: int32 */
            lastExitCode: number;
            logFile: string;
            /** Format: date-time */
            nextRestartAt: string;
            /** Format: int64 */
            pid: number;
            /** Format: int32 */
            restarts: number;
            slot: string;
            state: string;
        };
        /** @description only name; any other field is refused (400 naming it) */
        NewAgentToken: {
            /**
             * @description a name for the token (one line)
             * @example rack-3
             */
            name: string;
        };
        /**
         * @description the overlapped exchange: false (absent) the paper's blocking one; true: each worker runs its exchange behind k local steps, k chosen from its measured exchange and step times; an integer k >= 1 fixes k (docs/algorithms.md)
         * @example true
         */
        Overlap: boolean | number;
        Plan: {
            cells: components["schemas"]["PlanCell"][];
            /** Format: date-time */
            createdAt: string;
            fastest: components["schemas"]["PlanCell"];
            /** Format: int64 */
            id: number;
            link: string;
            /** Format: int64 */
            maxSteps: number;
            serverLink: string;
            /** @enum {string} */
            state: "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED";
            summary: string;
            /** Format: int64 */
            sweepId: number;
            /** Format: double */
            targetTestError: number;
            tau: number[];
            workers: number[];
        };
        PlanBudget: {
            /**
             * Format: int64
             * @description local steps per worker a run may take; default 300, at most 100000
             * @example 300
             */
            maxSteps: number;
        };
        PlanCell: {
            /** Format: double */
            bestTestError: number;
            /** Format: int64 */
            jobId: number;
            note: string;
            reached: boolean;
            /** Format: double */
            secondsToTarget: number;
            /** @enum {string} */
            state: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "STOPPED_EARLY";
            /** Format: int32 */
            tau: number;
            /** Format: int32 */
            workers: number;
        };
        /** @description A job spec and a link: the plan runs a short simulated job per (p, τ) */
        PlanRequest: {
            budget?: components["schemas"]["PlanBudget"];
            /**
             * @description "measured" (default) or the step time's coefficient of variation
             * @example measured
             */
            jitter?: string;
            /**
             * @description per worker: <bandwidth>,<latency>, as simulate.link
             * @example 1gbit,0.2ms
             */
            link: string;
            /**
             * @description the server's link, shared by all workers (default: link's bandwidth)
             * @example 10gbit
             */
            serverLink?: string;
            /** @description a job spec without tau and simulate (the plan sets them); its workers is ignored */
            spec?: components["schemas"]["JobSpec"];
            /**
             * @description "measured" (default) or milliseconds of compute per local step
             * @example measured
             */
            stepMs?: string;
            target: components["schemas"]["PlanTarget"];
            /** @description periods to try, each >= 1; default [1, 4, 16] */
            tau?: number[];
            /** @description worker counts to try, each in [1, 64]; default [1, 2, 4, 8, 16] */
            workers?: number[];
        };
        PlanTarget: {
            /**
             * Format: double
             * @description in (0, 1)
             * @example 0.08
             */
            testError: number;
        };
        Progress: {
            /** Format: int64 */
            etaSeconds: number;
            /** Format: double */
            fraction: number;
            /** Format: int64 */
            step: number;
            /** Format: int32 */
            tau: number;
            /** Format: int64 */
            totalSteps: number;
            /** Format: int32 */
            workers: number;
        };
        RankResult: {
            agents: string[];
            /** Format: int64 */
            duplicates: number;
            /** Format: int64 */
            exchanges: number;
            /** Format: int32 */
            rank: number;
            /** Format: int32 */
            replacements: number;
            state: string;
            /** Format: int64 */
            steps: number;
        };
        Result: {
            /** Format: int64 */
            bytesDown: number;
            /** Format: int64 */
            bytesUp: number;
            ranks: components["schemas"]["RankResult"][];
            /** Format: double */
            testError: number;
            /** Format: double */
            testLoss: number;
        };
        ScheduleView: {
            /** Format: date-time */
            createdAt: string;
            faults: components["schemas"]["Fault"][];
            /** Format: int64 */
            id: number;
            /** Format: int64 */
            jobId: number;
            state: string;
        };
        Simulate: {
            jitter: unknown;
            link: string;
            serverLink: string;
            stepMs: unknown;
            /** Format: int32 */
            workers: number;
        };
        Simulation: {
            /** Format: double */
            jitter: number;
            jitterMeasured: boolean;
            link: string;
            serverLink: string;
            /** Format: double */
            stepMs: number;
            stepMsMeasured: boolean;
            /** Format: double */
            virtualSeconds: number;
            /** Format: int32 */
            workers: number;
        };
        StabilityAxis: {
            /** Format: int32 */
            cells: number;
            /** Format: double */
            max: number;
            /** Format: double */
            min: number;
            values: number[];
        };
        StabilityMaps: {
            admm: components["schemas"]["AdmmStabilityGrid"];
            /** Format: double */
            divergesAbove: number;
            easgd: components["schemas"]["EasgdStabilityGrid"];
            /** Format: int32 */
            p: number;
            radius: string;
        };
        StopCriteria: {
            /** Format: int64 */
            maxSteps: number;
            /** Format: int64 */
            maxWallSeconds: number;
            /** Format: double */
            targetTestError: number;
        };
        Sweep: {
            base: {
                [key: string]: unknown;
            };
            /** Format: int64 */
            best: number;
            counts: components["schemas"]["SweepCounts"];
            /** Format: date-time */
            createdAt: string;
            extra: unknown[];
            /** Format: date-time */
            finishedAt: string;
            grid: {
                [key: string]: unknown;
            };
            /** Format: int64 */
            id: number;
            name: string;
            preset: string;
            /** Format: int32 */
            priority: number;
            rungs: components["schemas"]["SweepRung"][];
            runs: components["schemas"]["SweepRun"][];
            sample: {
                [key: string]: unknown;
            };
            search: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            state: "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED";
            target: components["schemas"]["SweepTarget"];
            verdict: components["schemas"]["SweepVerdict"];
            warnings: string[];
            /** Format: double */
            workerSeconds: number;
        };
        SweepCounts: {
            /** Format: int32 */
            cancelled: number;
            /** Format: int32 */
            completed: number;
            /** Format: int32 */
            failed: number;
            /** Format: int32 */
            queued: number;
            /** Format: int32 */
            running: number;
            /** Format: int32 */
            stoppedEarly: number;
            /** Format: int32 */
            total: number;
        };
        /** @description the axes, in the order given: each a job spec field and its values (none twice); the sweep runs every combination — or, with sample, draws each run's value of each axis from its list, or from a range given instead of the list: a SweepRange object such as {"logUniform": [0.001, 0.1]} (docs/api.md "Searches"; typed here in its list form only) */
        SweepGrid: {
            algorithm: components["schemas"]["Algorithm"][];
            alpha: number[];
            averagingRate: number[];
            batchSize: number[];
            beta: number[];
            compression: components["schemas"]["Compression"][];
            dataset: string[];
            delta: number[];
            eta: number[];
            model: string[];
            rho: number[];
            seed: number[];
            tau: components["schemas"]["Tau"][];
            weightDecay: number[];
            workers: number[];
        };
        SweepPage: {
            items: components["schemas"]["SweepSummary"][];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            size: number;
            /** Format: int64 */
            total: number;
        };
        SweepPreset: {
            description: string;
            name: string;
            sweep: {
                [key: string]: unknown;
            };
        };
        /** @description one range form; only in a sampled sweep (sample given) */
        SweepRange: {
            /** @description values, equally likely */
            choice: unknown[];
            /** @description [lo, hi], both included */
            int: number[];
            /** @description [lo, hi], both included, lo >= 1: uniform in log */
            logInt: number[];
            /** @description [lo, hi], lo > 0: uniform in log */
            logUniform: number[];
            /** @description [lo, hi] */
            uniform: number[];
        };
        /**
         * @description The body of POST /sweeps. grid is required unless a preset gives it; target.testError is in (0, 1), default 0.03; unknown fields are refused (400 naming the field).
         * @example {
         *       "base": {
         *         "eta": 0.1,
         *         "stop": {
         *           "maxSteps": 600
         *         },
         *         "workers": 2
         *       },
         *       "grid": {
         *         "algorithm": [
         *           "EASGD",
         *           "EAMSGD"
         *         ],
         *         "tau": [
         *           1,
         *           10
         *         ]
         *       },
         *       "name": "tau-study",
         *       "target": {
         *         "testError": 0.08
         *       }
         *     }
         */
        SweepRequest: {
            /** @description job spec fields common to every run */
            base: components["schemas"]["JobSpec"];
            /** @description partial specs over base run once per grid seed (baselines) */
            extra: components["schemas"]["JobSpec"][];
            grid: components["schemas"]["SweepGrid"];
            /** @description default: the preset's, else "sweep" */
            name: string;
            /** @description a name from GET /api/v1/sweeps/presets: its request is merged in first, the other fields override it */
            preset: string;
            /**
             * Format: int32
             * @description of every job, higher first (default 0)
             */
            priority: number;
            sample: components["schemas"]["SweepSample"];
            search: components["schemas"]["SweepSearch"];
            target: components["schemas"]["SweepTarget"];
        };
        SweepRun: {
            best: boolean;
            /** Format: double */
            bestTestError: number;
            /** Format: int64 */
            bytesTotal: number;
            /** Format: int64 */
            bytesToTarget: number;
            /** Format: double */
            finalTestError: number;
            /** Format: int64 */
            jobId: number;
            label: string;
            params: {
                [key: string]: unknown;
            };
            /** Format: int32 */
            rung: number;
            /** Format: double */
            secondsToTarget: number;
            /** @enum {string} */
            state: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "STOPPED_EARLY";
            /** Format: double */
            wallSeconds: number;
            /** Format: double */
            workerSeconds: number;
        };
        SweepRung: {
            /** Format: int64 */
            at: number;
            /** Format: int32 */
            bracket: number;
            /** Format: int32 */
            decided: number;
            decisions: components["schemas"]["SweepRungDecision"][];
            /** Format: int32 */
            ended: number;
            /** Format: int32 */
            promoted: number;
            /** Format: int32 */
            rung: number;
            /** Format: int32 */
            stopped: number;
        };
        SweepRungDecision: {
            /** Format: date-time */
            decidedAt: string;
            decision: string;
            /** Format: int64 */
            jobId: number;
            /** Format: int32 */
            keep: number;
            /** Format: int32 */
            of: number;
            /** Format: int32 */
            rank: number;
            /** Format: double */
            testError: number;
            /** Format: double */
            value: number;
        };
        /** @description draw the runs instead of the grid's product: random or Sobol (quasi-random), seeded */
        SweepSample: {
            /** @enum {string} */
            method: "random" | "sobol";
            /** Format: int32 */
            runs: number;
            /**
             * Format: int64
             * @description default 1
             */
            seed?: number;
        };
        /** @description stop runs early at rungs min·η^k below max (ASHA; Hyperband: several brackets) */
        SweepSearch: {
            /**
             * Format: int32
             * @description hyperband only; default: all
             */
            brackets?: number;
            /**
             * Format: int64
             * @description the most a run gets, with resource bytes
             */
            maxBytes?: number;
            /**
             * Format: int64
             * @description the most a run gets, with resource seconds
             */
            maxSeconds?: number;
            /**
             * Format: int64
             * @description the most a run gets, with resource steps
             */
            maxSteps?: number;
            /** @enum {string} */
            method: "asha" | "hyperband";
            /**
             * Format: int64
             * @description the first rung, with resource bytes
             */
            minBytes?: number;
            /**
             * Format: int64
             * @description the first rung, with resource seconds
             */
            minSeconds?: number;
            /**
             * Format: int64
             * @description the first rung, with resource steps
             */
            minSteps?: number;
            /**
             * Format: int32
             * @description η, default 3: the best 1/η of the runs at a rung run on
             */
            reductionFactor?: number;
            /**
             * @description default steps
             * @enum {string}
             */
            resource?: "steps" | "seconds" | "bytes";
        };
        SweepSummary: {
            base: {
                [key: string]: unknown;
            };
            counts: components["schemas"]["SweepCounts"];
            /** Format: date-time */
            createdAt: string;
            extra: unknown[];
            /** Format: date-time */
            finishedAt: string;
            grid: {
                [key: string]: unknown;
            };
            /** Format: int64 */
            id: number;
            name: string;
            preset: string;
            /** Format: int32 */
            priority: number;
            /** @enum {string} */
            state: "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED";
            target: components["schemas"]["SweepTarget"];
        };
        SweepTarget: {
            /** Format: double */
            testError: number;
        };
        SweepVerdict: {
            bytesToTarget: components["schemas"]["VerdictBytes"][];
            questions: components["schemas"]["VerdictQuestion"][];
        };
        /**
         * @description communication period in local steps, an integer >= 1, or "auto"
         * @example 10
         */
        Tau: number | components["schemas"]["TauAuto"];
        /**
         * @description "auto": the platform picks τ during the run and adapts it (see autoTau)
         * @enum {string}
         */
        TauAuto: "auto";
        TokenAgent: {
            /** Format: date-time */
            connectedAt: string;
            id: string;
            name: string;
            remoteAddress: string;
        };
        VerdictBytes: {
            algorithm: string;
            /** Format: int64 */
            medianBytesToTarget: number;
            reached: string;
            /** Format: int32 */
            tau: number;
        };
        VerdictQuestion: {
            /** @enum {string} */
            answer: "YES" | "NO" | "PARTLY" | "UNDECIDED";
            detail: string;
            id: string;
            question: string;
        };
        /**
         * @description p, the number of workers; or a range {"min", "max"} (elastic worker counts)
         * @example 2
         */
        WorkerCount: number | components["schemas"]["WorkerRange"];
        /**
         * @description an elastic worker count: the job starts with min and admits free agents up to max
         * @example {
         *       "max": 2,
         *       "min": 1
         *     }
         */
        WorkerRange: {
            /**
             * Format: int32
             * @description the most workers it takes in
             */
            max: number;
            /**
             * Format: int32
             * @description the p the job starts with and never goes below
             */
            min: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAgentTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentToken"][];
                };
            };
        };
    };
    createAgentToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewAgentToken"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description /api/v1/agent-tokens/{id} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedAgentToken"];
                };
            };
        };
    };
    revokeAgentToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentToken"];
                };
            };
        };
    };
    listAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentView"][];
                };
            };
        };
    };
    listLocalAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocalProcessView"][];
                };
            };
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                page?: number;
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
        };
    };
    listDatasets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatasetInfo"][];
                };
            };
        };
    };
    getDatasetFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file; X-Checksum-SHA256 holds its SHA-256 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                /** @description only jobs of these algorithms (comma-separated or repeated) */
                algorithm?: ("EASGD" | "EAMSGD" | "DOWNPOUR" | "MDOWNPOUR" | "ADOWNPOUR" | "MVADOWNPOUR" | "SGD" | "MSGD" | "ASGD" | "MVASGD" | "SYNC_EASGD" | "SYNC_EAMSGD" | "DILOCO" | "ADMM")[];
                page?: number;
                size?: number;
                /** @description only jobs in these states (comma-separated or repeated) */
                state?: ("QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "STOPPED_EARLY")[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPage"];
                };
            };
        };
    };
    submitJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description a job spec plus name and priority */
        requestBody: {
            content: {
                "application/json": components["schemas"]["JobSubmission"];
            };
        };
        responses: {
            /** @description queued */
            202: {
                headers: {
                    /** @description /api/v1/jobs/{id} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
        };
    };
    cancelJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
        };
    };
    cloneJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        /** @description the fields to change (none: an identical job) */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["JobSubmission"];
            };
        };
        responses: {
            /** @description queued */
            202: {
                headers: {
                    /** @description /api/v1/jobs/{id} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
        };
    };
    watchJob: {
        parameters: {
            query?: {
                /** @description resume right after this event id (for clients that cannot set headers) */
                after?: number;
            };
            header?: {
                /** @description resume right after this event id */
                "Last-Event-ID"?: number;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description an SSE stream: state, metric, worker, tau events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    listJobFaults: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobFaults"];
                };
            };
        };
    };
    getJobHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobEvent"][];
                };
            };
        };
    };
    getJobMetrics: {
        parameters: {
            query?: {
                /** @description from this time (ms since the job started) */
                from?: number;
                maxPoints?: number;
                /** @description the series (comma-separated or repeated); none: all */
                series?: ("test_error" | "test_loss" | "train_loss" | "bytes_up" | "bytes_down" | "payload_bytes" | "elastic_distance" | "latency_ms" | "staleness" | "tau" | "step_ms" | "exchange_ms" | "workers" | "compute_share" | "exchange_mbps" | "compute_utilization")[];
                /** @description up to this time (ms since the job started) */
                to?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getJobMetricsCsv: {
        parameters: {
            query?: {
                /** @description the series (comma-separated or repeated); none: all */
                series?: string[];
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description series,worker,t,step,value; worker empty for the center */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    getJobModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the zip: live while running, else the last checkpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
        };
    };
    listJobWorkers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    }[];
                };
            };
        };
    };
    checkJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description a job spec plus name and priority, as for submitJob */
        requestBody: {
            content: {
                "application/json": components["schemas"]["JobSubmission"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobCheck"];
                };
            };
        };
    };
    watchJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description an SSE stream; each data is a Job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    getLab: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabStatus"];
                };
            };
        };
    };
    getFaultLab: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabView"];
                };
            };
        };
    };
    injectFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FaultRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Fault"];
                };
            };
        };
    };
    getFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Fault"];
                };
            };
        };
    };
    scheduleFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FaultScheduleRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleView"];
                };
            };
        };
    };
    getFaultSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleView"];
                };
            };
        };
    };
    cancelFaultSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleView"];
                };
            };
        };
    };
    createPlan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanRequest"];
            };
        };
        responses: {
            /** @description its simulated runs are queued */
            202: {
                headers: {
                    /** @description /api/v1/plans/{id} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
        };
    };
    getPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
        };
    };
    getStability: {
        parameters: {
            query?: {
                /** @description ADMM grid: largest eta */
                admmEtaMax?: number;
                /** @description ADMM grid: smallest eta */
                admmEtaMin?: number;
                /** @description EASGD grid: largest alpha */
                alphaMax?: number;
                /** @description EASGD grid: smallest alpha */
                alphaMin?: number;
                /** @description cells per axis of each grid */
                cells?: number;
                /** @description EASGD grid: largest eta */
                easgdEtaMax?: number;
                /** @description EASGD grid: smallest eta */
                easgdEtaMin?: number;
                /** @description ADMM grid: largest rho */
                rhoMax?: number;
                /** @description ADMM grid: smallest rho */
                rhoMin?: number;
                /** @description p, the workers taking turns (named as the job spec's field) */
                workers?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StabilityMaps"];
                };
            };
        };
    };
    listSweeps: {
        parameters: {
            query?: {
                page?: number;
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SweepPage"];
                };
            };
        };
    };
    createSweep: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SweepRequest"];
            };
        };
        responses: {
            /** @description its jobs are queued */
            202: {
                headers: {
                    /** @description /api/v1/sweeps/{id} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sweep"];
                };
            };
        };
    };
    getSweep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sweep"];
                };
            };
        };
    };
    cancelSweep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sweep"];
                };
            };
        };
    };
    getSweepMetricsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description jobId,series,worker,t,step,value */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    getSweepResultsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description jobId,label,state,<params>,bestTestError,finalTestError,secondsToTarget,bytesToTarget,bytesTotal,wallSeconds,workerSeconds,rung,best */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
        };
    };
    listSweepPresets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SweepPreset"][];
                };
            };
        };
    };
}
