import { useParams } from 'react-router';
import { useCommunity } from '../../api/queries';
import { Placeholder } from '../../components/Placeholder';

// Placeholder: to be built in this folder (CommunitiesService.GetCommunity, FeedService.GetCommunityFeed, ...).
export default function CommunityPage() {
  const { id = '' } = useParams();
  const community = useCommunity(id);
  return <Placeholder title={community.data?.name ?? 'Community'} />;
}
