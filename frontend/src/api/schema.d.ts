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
        get: operations["list_2"];
        put?: never;
        post: operations["create_2"];
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
        delete: operations["revoke"];
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
        get: operations["list_5"];
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
        get: operations["local"];
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
        get: operations["list_4"];
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
        get: operations["list_3"];
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
        get: operations["file"];
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
        get: operations["list_1"];
        put?: never;
        post: operations["create_1"];
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
        get: operations["get_1"];
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
        post: operations["cancel_1"];
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
        get: operations["events"];
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
        get: operations["history"];
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
        get: operations["query"];
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
        get: operations["model"];
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
        get: operations["workers"];
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
        post: operations["check"];
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
        get: operations["jobList"];
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
        get: operations["status"];
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
        get: operations["list"];
        put?: never;
        post: operations["create"];
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
        get: operations["get"];
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
        post: operations["cancel"];
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
        get: operations["presets"];
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
            spec: components["schemas"]["JobSpec"];
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            state: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
            /** Format: int64 */
            sweepId: number;
            warnings: string[];
        };
        JobEvent: {
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            from: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
            /** Format: int64 */
            id: number;
            /** Format: int64 */
            jobId: number;
            reason: string;
            /** @enum {string} */
            to: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
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
        JobSpec: {
            /** @enum {string} */
            algorithm: "EASGD" | "EAMSGD" | "DOWNPOUR" | "MDOWNPOUR" | "ADOWNPOUR" | "MVADOWNPOUR" | "SGD" | "MSGD" | "ASGD" | "MVASGD" | "SYNC_EASGD" | "SYNC_EAMSGD" | "DILOCO";
            /** Format: double */
            alpha: number;
            autoTau: components["schemas"]["AutoTau"];
            /** Format: double */
            averagingRate: number;
            /** Format: int32 */
            batchSize: number;
            /** Format: double */
            beta: number;
            /** @enum {string} */
            compression: "none" | "fp16" | "int8";
            dataset: string;
            /** Format: double */
            delta: number;
            /** Format: double */
            eta: number;
            /** @enum {string} */
            innerOptimizer: "nesterov" | "adam";
            model: string;
            modelJson: string;
            /** Format: double */
            outerLr: number;
            /** Format: double */
            outerMomentum: number;
            overlap: boolean;
            /** Format: int64 */
            seed: number;
            stop: components["schemas"]["StopCriteria"];
            /** @description communication period in local steps, or "auto": the platform picks it (see autoTau) */
            tau: number | "auto";
            /** Format: double */
            weightDecay: number;
            /** @description p, the number of workers; or a range {"min", "max"} (elastic worker counts: the job starts with min and admits free agents up to max) */
            workers: number | {
                /** Format: int32 */
                max: number;
                /** Format: int32 */
                min: number;
            };
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
        ServerSentEventJob: unknown;
        ServerSentEventString: unknown;
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
            runs: components["schemas"]["SweepRun"][];
            /** @enum {string} */
            state: "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED";
            target: components["schemas"]["SweepTarget"];
            verdict: components["schemas"]["SweepVerdict"];
            warnings: string[];
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
            total: number;
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
            /** Format: double */
            secondsToTarget: number;
            /** @enum {string} */
            state: "QUEUED" | "ASSIGNING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
            /** Format: double */
            wallSeconds: number;
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_2: {
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
                    "*/*": components["schemas"]["AgentToken"][];
                };
            };
        };
    };
    create_2: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": components["schemas"]["CreatedAgentToken"];
                };
            };
        };
    };
    revoke: {
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
                    "*/*": components["schemas"]["AgentToken"];
                };
            };
        };
    };
    list_5: {
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
                    "*/*": components["schemas"]["AgentView"][];
                };
            };
        };
    };
    local: {
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
                    "*/*": components["schemas"]["LocalProcessView"][];
                };
            };
        };
    };
    list_4: {
        parameters: {
            query?: {
                page?: string;
                size?: string;
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
                    "*/*": components["schemas"]["AuditPage"];
                };
            };
        };
    };
    list_3: {
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
                    "*/*": components["schemas"]["DatasetInfo"][];
                };
            };
        };
    };
    file: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
        };
    };
    list_1: {
        parameters: {
            query?: {
                algorithm?: string;
                page?: string;
                size?: string;
                state?: string;
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
                    "*/*": components["schemas"]["JobPage"];
                };
            };
        };
    };
    create_1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": components["schemas"]["Job"];
                };
            };
        };
    };
    get_1: {
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
                    "*/*": components["schemas"]["Job"];
                };
            };
        };
    };
    cancel_1: {
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
                    "*/*": components["schemas"]["Job"];
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
        requestBody?: {
            content: {
                "*/*": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": components["schemas"]["Job"];
                };
            };
        };
    };
    events: {
        parameters: {
            query?: {
                after?: string;
            };
            header?: {
                "Last-Event-ID"?: string;
            };
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
                    "text/event-stream": components["schemas"]["ServerSentEventString"][];
                };
            };
        };
    };
    history: {
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
                    "*/*": components["schemas"]["JobEvent"][];
                };
            };
        };
    };
    query: {
        parameters: {
            query?: {
                from?: string;
                maxPoints?: string;
                series?: string;
                to?: string;
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
                    "*/*": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    model: {
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
                    "*/*": string;
                };
            };
        };
    };
    workers: {
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
                    "*/*": {
                        [key: string]: unknown;
                    }[];
                };
            };
        };
    };
    check: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    jobList: {
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
                    "text/event-stream": components["schemas"]["ServerSentEventJob"][];
                };
            };
        };
    };
    status: {
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
                    "*/*": components["schemas"]["LabStatus"];
                };
            };
        };
    };
    list: {
        parameters: {
            query?: {
                page?: string;
                size?: string;
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
                    "*/*": components["schemas"]["SweepPage"];
                };
            };
        };
    };
    create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": components["schemas"]["Sweep"];
                };
            };
        };
    };
    get: {
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
                    "*/*": components["schemas"]["Sweep"];
                };
            };
        };
    };
    cancel: {
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
                    "*/*": components["schemas"]["Sweep"];
                };
            };
        };
    };
    presets: {
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
                    "*/*": components["schemas"]["SweepPreset"][];
                };
            };
        };
    };
}
