/** API and agent tokens: generated at first start when not configured, stored hashed, checked on every mutating call. */
package io.easgd.backend.security;
