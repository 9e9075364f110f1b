import { describe, expect, it } from 'vitest';
import { classify } from './model.js';
import { loadStartingModel } from './starting-model.js';

describe('loadStartingModel', () => {
  it('loads the shipped model once and classifies with it', () => {
    const model = loadStartingModel();
    expect(loadStartingModel()).toBe(model);
    expect(model.weights.length).toBeGreaterThan(1000);
    expect(classify(model, 'Check out my channel and subscribe! http://www.youtube.com/user/spammer').spam).toBe(true);
    expect(classify(model, 'I love this song, her voice is beautiful').spam).toBe(false);
  });
});
