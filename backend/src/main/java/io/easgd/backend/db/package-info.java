/** PostgreSQL: embedded by default (durable data directory), external by URL; blocking calls on one bounded scheduler. */
package io.easgd.backend.db;
