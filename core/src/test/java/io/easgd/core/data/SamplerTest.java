package io.easgd.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static Images numbered(int n) {
        byte[] px = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i * 4] = (byte) i;
            labels[i] = i % 10;
        }
        return new Images(n, 1, 2, 2, px, labels, 10);
    }

    @Test
    void everyImageOnceAnEpochInASeededOrder() {
        Sampler s = new Sampler(numbered(12), 4, 2, 2, 99);
        Set<Integer> seen = new HashSet<>();
        float[] f = new float[16];
        int[] y = new int[4];
        for (int b = 0; b < 3; b++) {
            s.next(f, y);
            for (int k = 0; k < 4; k++) {
                seen.add(Math.round(f[k * 4] * 255));
            }
        }
        assertThat(seen).hasSize(12);
        assertThat(s.epoch()).isZero();
        s.next(f, y);
        assertThat(s.epoch()).isEqualTo(1);

        Sampler a = new Sampler(numbered(12), 4, 2, 2, 5);
        Sampler b = new Sampler(numbered(12), 4, 2, 2, 5);
        float[] fa = new float[16];
        float[] fb = new float[16];
        a.next(fa, y);
        b.next(fb, y);
        assertThat(fa).containsExactly(fb);
    }

    @Test
    void centerCropTakesTheMiddle() {
        byte[] px = new byte[16];
        for (int i = 0; i < 16; i++) {
            px[i] = (byte) i;
        }
        Images img = new Images(1, 1, 4, 4, px, new int[] {0}, 10);
        float[] out = new float[4];
        Sampler.centerCrop(img, 0, 2, 2, out, 0);
        assertThat(out).containsExactly(5 / 255f, 6 / 255f, 9 / 255f, 10 / 255f);
    }
}
