META
key;value
description;Vale Verde
num_projects;3
num_votes;3
budget;1000
vote_type;approval
