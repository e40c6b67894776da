/** The no-Docker lab: local agent processes started and stopped with the backend. */
package io.easgd.backend.lab;
