/**
 * PostgreSQL: embedded by default (durable data directory; a watchdog starts the server again on the
 * same port and data if it dies under the backend), external by URL; blocking calls on one bounded
 * scheduler; {@link io.easgd.backend.db.Db#isUnavailable} tells an outage from other failures.
 */
package io.easgd.backend.db;
