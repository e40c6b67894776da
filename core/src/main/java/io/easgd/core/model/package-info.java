/** Model presets (the paper's and two small MNIST nets), user DL4J configurations, and the flat-vector bridge. */
package io.easgd.core.model;
