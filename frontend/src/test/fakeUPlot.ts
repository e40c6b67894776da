import type uPlot from 'uplot';

/** Records what the app does with uPlot: construction, setData, destroy. */
export class FakeUPlot {
  static pxRatio = 1;
  static instances: FakeUPlot[] = [];
  opts: uPlot.Options;
  data: uPlot.AlignedData;
  width: number;
  height: number;
  setDataCalls = 0;
  destroyed = false;

  constructor(opts: uPlot.Options, data: uPlot.AlignedData) {
    this.opts = opts;
    this.data = data;
    this.width = opts.width;
    this.height = opts.height;
    FakeUPlot.instances.push(this);
  }

  setData(data: uPlot.AlignedData) {
    this.data = data;
    this.setDataCalls++;
  }

  setSize(s: { width: number; height: number }) {
    this.width = s.width;
    this.height = s.height;
  }

  redraw() {}

  valToPos(v: number) {
    return v;
  }

  destroy() {
    this.destroyed = true;
  }
}
