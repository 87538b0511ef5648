import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config/index.js';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs everything on this machine when nothing is set', () => {
    const config = loadConfig({});
    expect(config).to.deep.equal({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      dataDir: path.resolve('data'),
      logLevel: 'info',
      databaseUrl: undefined,
      embeddedPgPort: 5433,
      engine: 'embedded',
      engineGrpcPort: 26500,
      engineRestPort: 8088,
      engineClockControlled: true,
      engineCommandTransactions: undefined,
      zeebeGrpcAddress: 'grpc://127.0.0.1:26500',
      zeebeRestAddress: 'http://127.0.0.1:8088',
      camundaAuth: { strategy: 'NONE' },
      smsGatewayUrl: undefined,
      dataKeySecret: undefined,
      demoPassword: 'demo-2026',
      trustProxy: false,
    });
  });

  it('points the Camunda clients at the embedded engine ports', () => {
    const config = loadConfig({ ENGINE_GRPC_PORT: '27500', ENGINE_REST_PORT: '9088', HOST: '0.0.0.0' });
    expect(config.zeebeGrpcAddress).to.equal('grpc://127.0.0.1:27500');
    expect(config.zeebeRestAddress).to.equal('http://127.0.0.1:9088');
  });

  it('controls the engine clock by default in development and test, not in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).engineClockControlled).to.equal(true);
    expect(loadConfig({ NODE_ENV: 'test' }).engineClockControlled).to.equal(true);
    expect(loadConfig({ NODE_ENV: 'production' }).engineClockControlled).to.equal(false);
    expect(
      loadConfig({ NODE_ENV: 'production', ENGINE_CLOCK_CONTROLLED: 'true' }).engineClockControlled,
    ).to.equal(true);
    expect(loadConfig({ ENGINE_CLOCK_CONTROLLED: 'no' }).engineClockControlled).to.equal(false);
  });

  it('takes how many command transactions the embedded engine runs at once, 1 to 8', () => {
    expect(loadConfig({ ENGINE_COMMAND_TRANSACTIONS: '3' }).engineCommandTransactions).to.equal(3);
    for (const bad of ['0', '9', 'two', '1.5']) {
      expect(configError({ ENGINE_COMMAND_TRANSACTIONS: bad }).problems).to.deep.equal([
        bad === 'two' || bad === '1.5'
          ? `ENGINE_COMMAND_TRANSACTIONS: must be a whole number between 1 and 8 (got "${bad}")`
          : `ENGINE_COMMAND_TRANSACTIONS: must be between 1 and 8 (got "${bad}")`,
      ]);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' })).to.include({ port: 3000, databaseUrl: undefined });
  });

  it('resolves DATA_DIR to an absolute path', () => {
    expect(loadConfig({ DATA_DIR: 'var/xf' }).dataDir).to.equal(path.resolve('var/xf'));
  });

  it('takes the SMS gateway, the data key and the demo password, hiding secrets in errors', () => {
    const config = loadConfig({
      SMS_GATEWAY_URL: 'https://sms.county.example/send',
      XF_DATA_KEY: 'k'.repeat(40),
      DEMO_PASSWORD: 'county-demo-1',
    });
    expect(config).to.include({
      smsGatewayUrl: 'https://sms.county.example/send',
      dataKeySecret: 'k'.repeat(40),
      demoPassword: 'county-demo-1',
    });
    const error = configError({
      SMS_GATEWAY_URL: 'ftp://sms',
      XF_DATA_KEY: 'short-secret',
      DEMO_PASSWORD: 'x',
    });
    expect(error.problems).to.have.length(3);
    expect(error.message).to.contain('SMS_GATEWAY_URL');
    expect(error.message).to.contain('XF_DATA_KEY: must be at least 32 characters (value hidden)');
    expect(error.message).not.to.contain('short-secret');
  });

  it('names every bad variable in one error', () => {
    const error = configError({
      PORT: 'http',
      ENGINE_GRPC_PORT: '70000',
      ENGINE: 'cloud',
      LOG_LEVEL: 'loud',
      ENGINE_CLOCK_CONTROLLED: 'sometimes',
      NODE_ENV: 'staging',
    });
    expect(error.problems).to.have.length(6);
    expect(error.message).to.contain('PORT: must be a whole number between 1 and 65535 (got "http")');
    expect(error.message).to.contain('ENGINE_GRPC_PORT: must be between 1 and 65535 (got "70000")');
    expect(error.message).to.contain('ENGINE: must be one of: embedded, external (got "cloud")');
    expect(error.message).to.contain('LOG_LEVEL:');
    expect(error.message).to.contain('ENGINE_CLOCK_CONTROLLED: must be true or false');
    expect(error.message).to.contain('NODE_ENV:');
  });

  it('never repeats a secret in its error', () => {
    const error = configError({ DATABASE_URL: 'mysql://admin:s3cret@db/xinfang' });
    expect(error.message).to.contain('DATABASE_URL: must be a URL like postgres://');
    expect(error.message).not.to.contain('s3cret');
  });

  it('accepts an external PostgreSQL', () => {
    const url = 'postgresql://xf:pw@db.internal:5432/xinfang';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).to.equal(url);
  });

  describe('with ENGINE=external', () => {
    const cluster = {
      ENGINE: 'external',
      ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.county.example:26500',
      ZEEBE_REST_ADDRESS: 'https://camunda.county.example',
    };

    it('connects to the configured cluster', () => {
      const config = loadConfig(cluster);
      expect(config).to.include({
        engine: 'external',
        zeebeGrpcAddress: 'grpcs://zeebe.county.example:26500',
        zeebeRestAddress: 'https://camunda.county.example',
      });
      expect(config.camundaAuth).to.deep.equal({ strategy: 'NONE' });
    });

    it('requires both cluster addresses', () => {
      const error = configError({ ENGINE: 'external' });
      expect(error.problems).to.deep.equal([
        'ZEEBE_GRPC_ADDRESS: required when ENGINE=external',
        'ZEEBE_REST_ADDRESS: required when ENGINE=external',
      ]);
    });

    it('rejects a gRPC address without grpc:// or grpcs://', () => {
      expect(configError({ ...cluster, ZEEBE_GRPC_ADDRESS: 'zeebe:26500' }).message).to.contain(
        'ZEEBE_GRPC_ADDRESS: must be a URL like grpcs://',
      );
    });

    it('takes basic-auth credentials', () => {
      const config = loadConfig({
        ...cluster,
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: 'xinfang',
        CAMUNDA_BASIC_AUTH_PASSWORD: 'pw',
      });
      expect(config.camundaAuth).to.deep.equal({ strategy: 'BASIC', username: 'xinfang', password: 'pw' });
    });

    it('names the missing OAuth settings', () => {
      const error = configError({ ...cluster, CAMUNDA_AUTH_STRATEGY: 'OAUTH', ZEEBE_CLIENT_ID: 'xf' });
      expect(error.problems).to.deep.equal([
        'ZEEBE_CLIENT_SECRET: required when CAMUNDA_AUTH_STRATEGY=OAUTH',
        'CAMUNDA_OAUTH_URL: required when CAMUNDA_AUTH_STRATEGY=OAUTH',
      ]);
    });
  });

  it('refuses cluster settings while ENGINE is embedded, so a forgotten ENGINE=external shows', () => {
    const error = configError({ ZEEBE_GRPC_ADDRESS: 'grpc://zeebe:26500', CAMUNDA_AUTH_STRATEGY: 'OAUTH' });
    expect(error.problems).to.have.length(2);
    expect(error.problems[0]).to.match(/^ZEEBE_GRPC_ADDRESS: only used with ENGINE=external/);
    expect(error.problems[1]).to.match(/^CAMUNDA_AUTH_STRATEGY: the embedded engine takes no authentication/);
  });
});
