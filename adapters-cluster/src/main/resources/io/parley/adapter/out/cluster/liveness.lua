-- Node liveness. ARGV[1] is the operation, ARGV[2] the cluster prefix p.
-- {p}:nodes is the set of the node ids that announced themselves; {p}:node:{id} holds a node's token for this run
-- and expires unless the node refreshes it. A member of the set without its key is a dead node.
local op, p = ARGV[1], ARGV[2]
local nodes = p .. ':nodes'

local function key(node)
  return p .. ':node:' .. node
end

local function partition()
  local live, dead = {}, {}
  for _, node in ipairs(redis.call('SMEMBERS', nodes)) do
    if redis.call('EXISTS', key(node)) == 1 then
      live[#live + 1] = node
    else
      dead[#dead + 1] = node
    end
  end
  return live, dead
end

if op == 'beat' then
  -- ARGV[3] this node, ARGV[4] its token, ARGV[5] the key's time to live in ms.
  -- Answers {state, live nodes}: state 0 announced before, 1 announced anew (the key was gone), 2 the key held
  -- another token (an earlier run of this node, or another process with the same node id).
  local node, token = ARGV[3], ARGV[4]
  local old = redis.call('GET', key(node))
  redis.call('SET', key(node), token, 'PX', ARGV[5])
  redis.call('SADD', nodes, node)
  local live = partition()
  local state = 0
  if not old then
    state = 1
  elseif old ~= token then
    state = 2
  end
  return {state, #live}
elseif op == 'nodes' then
  local live, dead = partition()
  return {live, dead}
end
return redis.error_reply('unknown operation ' .. tostring(op))
