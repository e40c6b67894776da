/** Jobs: the REST API, the lifecycle state machine, the persistent priority queue and the live event stream. */
package io.easgd.backend.jobs;
