// Benchmark peer: the official Deepgram JavaScript SDK (@deepgram/sdk, pinned in package.json)
// getting one distribution credential again and again from the local emulator.
//
// Usage: node get-credential.mjs BASE_URL PROJECT_ID CREDENTIAL_ID [REQUESTS] [RUNS] [WARMUP]
// The API key is read from DGBENCH_API_KEY so that it never appears on a command line.
// Prints one line of JSON: {"mode":"get","requests":N,"runsMs":[...]}.
import { DeepgramClient } from "@deepgram/sdk";

const [baseUrl, projectId, credentialId, requestsText = "1000", runsText = "5", warmupText = "100"] = process.argv.slice(2);
const apiKey = process.env.DGBENCH_API_KEY;
if (!baseUrl || !projectId || !credentialId || !apiKey) {
    console.error("Usage: node get-credential.mjs BASE_URL PROJECT_ID CREDENTIAL_ID [REQUESTS] [RUNS] [WARMUP], with DGBENCH_API_KEY set.");
    process.exit(2);
}

const requests = Number(requestsText);
const runs = Number(runsText);
const warmup = Number(warmupText);

// baseUrl replaces the SDK's default https://api.deepgram.com. The SDK sends the key as
// "Token <key>" (CustomClient.js in @deepgram/sdk 5.13.0).
const client = new DeepgramClient({ apiKey, baseUrl });
const credentials = client.selfHosted.v1.distributionCredentials;

async function getOnce() {
    const response = await credentials.get(projectId, credentialId);
    if (!response.distribution_credentials) {
        throw new Error("The get response has no 'distribution_credentials' object.");
    }
}

for (let i = 0; i < warmup; i++) {
    await getOnce();
}

const runsMs = [];
for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) {
        await getOnce();
    }
    runsMs.push(Number(process.hrtime.bigint() - started) / 1e6);
}

console.log(JSON.stringify({ mode: "get", requests, runsMs }));
