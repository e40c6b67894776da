/**
 * The bandwidth-limited lab: the local agents in their own Linux network namespaces, each machine
 * (the server included) with one shaped link to a software switch, so that communication costs what
 * it costs on a real network. Started and torn down with the backend ({@code easgd.lab.link}).
 */
package io.easgd.backend.lab.net;
