import type { Clock } from '../../src/news/shared/clock.js';

/** A clock that stands still until a test moves it. */
export class ManualClock implements Clock {
  private at: number;
  constructor(start: Date | string = new Date()) {
    this.at = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}
