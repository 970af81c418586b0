// The AppServer's metrics beside HTTP durations: solve durations by engine and outcome, and seats in use and
// free per lane (batch, preview), read at scrape time.
import { type Gauge, Gauge as GaugeCtor, Histogram, type Registry } from '@kuduso/http';
import type { Seats } from './seats.ts';

export interface AppServerMetrics {
  solveDuration: Histogram<'engine' | 'definition' | 'status'>;
}

const SOLVE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 240, 600];

export function createAppServerMetrics(registry: Registry, seats: Seats): AppServerMetrics {
  const solveDuration = new Histogram({
    name: 'kuduso_solve_duration_seconds',
    help: 'Solve durations by engine, definition@version and HTTP status.',
    labelNames: ['engine', 'definition', 'status'] as const,
    buckets: SOLVE_BUCKETS,
    registers: [registry],
  });
  const seatGauge = (name: string, help: string, pick: (total: number, inUse: number) => number): Gauge =>
    new GaugeCtor({
      name,
      help,
      labelNames: ['lane'] as const,
      registers: [registry],
      collect() {
        for (const [lane, s] of Object.entries(seats.snapshot().lanes))
          this.set({ lane }, pick(s.total, s.in_use));
      },
    });
  seatGauge('kuduso_seats_in_use', 'Seats solving now, per lane.', (_t, u) => u);
  seatGauge('kuduso_seats_free', 'Seats free now, per lane.', (t, u) => t - u);
  return { solveDuration };
}
