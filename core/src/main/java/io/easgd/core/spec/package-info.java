/** The job spec: one immutable, validated description of a training run, with its JSON form. */
package io.easgd.core.spec;
