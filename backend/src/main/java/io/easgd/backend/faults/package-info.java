/**
 * The fault lab (docs/operations.md, "Fault lab"): faults injected into a running job on demand or on a
 * schedule — an agent killed or paused, its link cut or slowed, the backend or PostgreSQL restarted —
 * each undone at its end, and what each cost: the time until every rank exchanges again, the steps lost,
 * the uploads dropped. {@link io.easgd.backend.faults.FaultLab} owns the faults' states.
 */
package io.easgd.backend.faults;
