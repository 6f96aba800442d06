-- Checks the Neovim configuration printed in the README, which the test loads as
-- init.lua: opening a Markdown page of the handbook (the file on nvim's command line) starts the
-- handbook-roles client rooted at the site, its diagnostics arrive, and a second page of the same
-- site shares that one client. Reports through report.lua. HR_SECOND: the second page.

local report = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/report.lua')

--- The one client attached to a buffer, once there is one.
local function attached(bufnr)
  local client
  report.wait_for('a client attached to ' .. vim.api.nvim_buf_get_name(bufnr), function()
    local _, found = next(vim.lsp.buf_get_clients(bufnr))
    client = found
    return client ~= nil
  end)
  return client
end

report.run(function(result)
  local first = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[first].filetype
  local client = attached(first)
  result.name = client.name
  result.rootDir = client.config.root_dir
  result.omnifunc = vim.bo[first].omnifunc
  table.insert(result.steps, 'attached')

  report.wait_for('pushed diagnostics', function() return #vim.diagnostic.get(first) > 0 end)
  result.codes = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(first)) do table.insert(result.codes, diagnostic.code) end
  table.insert(result.steps, 'diagnostics')

  local second = assert(os.getenv('HR_SECOND'), 'HR_SECOND')
  vim.cmd('edit ' .. vim.fn.fnameescape(second))
  result.sameClient = attached(vim.api.nvim_get_current_buf()).id == client.id
  result.clients = #vim.lsp.get_active_clients()
  table.insert(result.steps, 'second page')

  vim.lsp.stop_client(client.id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client.id) == nil end, 20)
end)
