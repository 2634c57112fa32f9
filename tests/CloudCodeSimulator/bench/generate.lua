-- wrk -t1 -c32 -d10s -s generate.lua http://127.0.0.1:8089  (TOKEN and PATH_SUFFIX from the environment)
wrk.method = "POST"
wrk.path = "/v1internal:" .. (os.getenv("METHOD") or "generateContent")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"project":"shaped-reef-40r0m","model":"' .. (os.getenv("MODEL") or "claude-sonnet-4-6") .. '","userAgent":"antigravity","requestType":"agent","requestId":"agent-1","request":{"contents":[{"role":"user","parts":[{"text":"Hello there, please answer briefly."}]}],"generationConfig":{"maxOutputTokens":4096},"sessionId":"-123"}}'
