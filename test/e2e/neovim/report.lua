-- Shared by the Lua scripts that test/e2e/neovim.e2e.test.ts runs in headless Neovim 0.7: run a
-- check, hand its findings to the test as one JSON object between @@RESULT@@ and @@END@@ on stdout
-- (headless print() goes to stderr), and always quit — an uncaught Lua error would otherwise leave
-- nvim running until the test's timeout.
local M = {}

M.TIMEOUT = tonumber(os.getenv('HR_TIMEOUT_MS') or '20000')

function M.encode(value)
  if vim.json and vim.json.encode then return vim.json.encode(value) end
  return vim.fn.json_encode(value)
end

function M.wait_for(what, predicate)
  if not vim.wait(M.TIMEOUT, predicate, 20) then error('timed out waiting for ' .. what) end
end

--- Runs main(result), which fills the result table in; records an error with its traceback.
function M.run(main)
  local result = { steps = {} }
  local ok, err = xpcall(main, debug.traceback, result)
  if not ok then result.error = tostring(err) end
  io.stdout:write('@@RESULT@@' .. M.encode(result) .. '@@END@@\n')
  io.stdout:flush()
  if ok then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

return M
