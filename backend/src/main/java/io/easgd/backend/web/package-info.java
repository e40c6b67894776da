/** Cross-cutting web concerns: RFC 9457 problem responses, the clock, serving the UI. */
package io.easgd.backend.web;
