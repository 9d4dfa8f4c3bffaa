import { createServices, createSources, type Services, type ServicesOptions, type SourcesOptions } from '../../adapters/create-services.ts';
import { loadConfig, type Config } from '../../adapters/load-config.ts';
import type { ChatPlatform, Fetcher, Publisher } from '../../src/app/index.ts';
import { createMemoryLogger } from './create-fake-publisher.ts';

/**
 * The bot's services as adapters/main.ts wires them, through the one `createServices`, from
 * `env` as the environment would give it (a setting left out takes its default). No platforms
 * and a memory logger unless given.
 */
export function createTestServices(env: Record<string, string>, options: Partial<ServicesOptions> & Pick<ServicesOptions, 'store'>): Services {
  return createServices(testConfig(env), { platforms: [], logger: createMemoryLogger(), ...options });
}

/** A publisher (a fake that records posts) standing in for the platform called `name`. */
export function asPlatform(name: string, publisher: Publisher): ChatPlatform {
  return { ...publisher, name, start: async () => undefined, stop: async () => undefined };
}

/** The sources alone, as `createServices` makes them, for a test of one use case (the scheduler). */
export function createTestSources(env: Record<string, string>, options: SourcesOptions): Fetcher {
  return createSources(testConfig(env), options);
}

function testConfig(env: Record<string, string>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`test configuration: ${result.errors.join('; ')}`);
  return result.config;
}
