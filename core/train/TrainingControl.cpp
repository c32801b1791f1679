#include "train/Training.h"

namespace lathe {

void TrainingControl::pause()
{
    int expected = kRunning;
    m_state.compare_exchange_strong(expected, kPaused);
    m_state.notify_all();
}

void TrainingControl::resume()
{
    int expected = kPaused;
    m_state.compare_exchange_strong(expected, kRunning);
    m_state.notify_all();
}

void TrainingControl::requestStop()
{
    m_state.store(kStopping);
    m_state.notify_all();
}

void TrainingControl::rearm()
{
    m_state.store(kRunning);
    m_state.notify_all();
}

bool TrainingControl::waitWhilePaused() const
{
    while (m_state.load() == kPaused)
        m_state.wait(kPaused);
    return m_state.load() != kStopping;
}

}  // namespace lathe
