/**
 * The audit trail: who (the credential and the remote address) did what to which target, when.
 * Each feature records its own actions through {@link io.easgd.backend.audit.AuditLog}, in the
 * transaction that performs them; {@code GET /api/v1/audit} reads the trail.
 */
package io.easgd.backend.audit;
