import 'reflect-metadata';
import { applyTestEnv } from './support/test-env.js';

applyTestEnv();
