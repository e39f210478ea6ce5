import { Placeholder } from '../../components/Placeholder';

// Placeholder: to be built in this folder. Browse, search and join communities. (CommunitiesService.ListCommunities, SearchCommunities, ListMyCommunities)
export default function CommunitiesPage() {
  return <Placeholder title="Communities" />;
}
