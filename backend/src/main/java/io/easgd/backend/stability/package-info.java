/** The paper's stability comparison of EASGD and ADMM (round-robin maps on x²/2) for a user's p, computed on request. */
package io.easgd.backend.stability;
