#!/usr/bin/env node
// `npx dateline …`: runs the TypeScript CLI through tsx's loader, so there is no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
