/** Putting a job spec to work: its rules, its network and data, and the in-process runner. */
package io.easgd.core.training;
